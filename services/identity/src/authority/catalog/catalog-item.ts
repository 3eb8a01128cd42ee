/** One item of a provincial guidance catalog of county powers delegable to towns, as data. */
export type PowerKind = 'licensing' | 'penalty';

export interface DiscretionBand {
  /** 情节 e.g. 轻微 / 一般 / 较重 / 严重 */
  circumstance: string;
  /** Fine range in yuan; null bounds mean no fine at that end (warning only, or uncapped by amount). */
  minFine: number | null;
  maxFine: number | null;
  /** Other measures at this band, e.g. 没收违法所得, 责令停产停业 */
  otherMeasures?: string;
}

export interface MaterialRequirement {
  name: string;
  required: boolean;
}

export interface CatalogItemData {
  /** Item code, unique within the catalog version (GB/T 39554 style basic code). */
  basicCode: string;
  name: string;
  kind: PowerKind;
  /** Competent county department (主管部门). */
  department: string;
  /** Training/certification category the item falls under, e.g. 市场监管, 城市管理, 安全生产. */
  category: string;
  legalBasis: string;
  // licensing/service items (许可服务类)
  statutoryDays?: number;
  promisedDays?: number;
  materials?: MaterialRequirement[];
  fees?: string;
  onsiteVisits?: number;
  // administrative penalty items (行政处罚类)
  violatedProvision?: string;
  penaltyProvision?: string;
  discretionBands?: DiscretionBand[];
  hearingApplicable?: boolean;
  legalReviewRequired?: boolean;
}
