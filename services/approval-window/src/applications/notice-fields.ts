import { SUSPENSION_KIND_LABELS, type NoticeKind, type PowerMode } from '@yiti/contracts';
import { todayInShanghai } from '@yiti/platform';
import type { ApplicationEntity } from './application.entity';
import { correctionRound } from './application-steps';

const REMEDY = '如不服本决定,可自收到之日起六十日内依法申请行政复议,或者六个月内依法提起行政诉讼。';

/** Number prefixes of the documents (文书编号), e.g. SL320585102-2026-00000042 for an acceptance notice. */
export const NOTICE_NUMBER_PREFIX: Record<NoticeKind, string> = {
  receipt: 'SJ',
  acceptance: 'SL',
  correction: 'BZ',
  non_acceptance: 'BSL',
  extension: 'YQ',
  suspension: 'ZZ',
  resumption: 'HF',
  approval: 'ZY',
  rejection: 'BY',
  certificate: 'ZS',
};

/** The window where the application is taken and documents are served (受理和送达地点). */
export const placeOfService = (townName: string): string => `${townName}便民服务中心`;

/** The town's government (乡镇人民政府), or a subdistrict's office (街道办事处). */
export const townGovernment = (townName: string): string => (townName.endsWith('街道') ? `${townName}办事处` : `${townName}人民政府`);

/**
 * Who decides in its own name (谁审批谁负责): the town government for a power delegated to the town;
 * the county department while the power stays with the county or is in transition. The window is
 * only where it is served.
 */
export function decidingAuthority(mode: PowerMode, townName: string, department: string): string {
  return mode === 'delegated' ? townGovernment(townName) : department;
}

/** Documents issued in the deciding authority's name rather than the window's. */
const DECISION_NOTICES: ReadonlySet<NoticeKind> = new Set(['approval', 'rejection', 'certificate']);

/** The body in whose name a document is issued: the deciding authority for decisions and certificates, otherwise the window. */
export function noticeIssuer(kind: NoticeKind, app: Pick<ApplicationEntity, 'townName' | 'issuingAuthority'>): string {
  return DECISION_NOTICES.has(kind) && app.issuingAuthority ? app.issuingAuthority : placeOfService(app.townName);
}

/**
 * What a document prints besides its title, number, date and issuer: enough to hand to the
 * applicant. Identifiers appear masked: notices are stored as issued, and nothing stored is plain.
 */
export function noticeFields(kind: NoticeKind, app: ApplicationEntity): Record<string, unknown> {
  const common = {
    applicationNo: app.applicationNo,
    applicantName: app.applicantName,
    applicantIdNumber: app.applicantIdMasked,
    itemCode: app.item.code,
    itemName: app.item.name,
    town: app.townName,
  };
  switch (kind) {
    case 'receipt': {
      const lateEntry = app.lateEntryReason ? { enteredOn: todayInShanghai(app.createdAt), lateEntryReason: app.lateEntryReason } : {};
      return { ...common, receivedOn: app.receivedOn, ...lateEntry, materials: app.materials.map((m) => ({ name: m.name, copies: m.copies, original: m.original, round: m.round })) };
    }
    case 'acceptance':
      return {
        ...common,
        acceptedOn: app.acceptedOn,
        deemedAccepted: app.deemedAccepted,
        statutoryWorkingDays: app.statutoryWorkingDays,
        decisionDueOn: app.decisionDueOn,
        promisedDueOn: app.promisedDueOn,
        text: app.deemedAccepted
          ? '收到申请材料之日起五个工作日内未一次性告知补正,依《中华人民共和国行政许可法》第三十二条,自收到申请材料之日起即为受理。'
          : '您的申请材料齐全、符合法定形式,依《中华人民共和国行政许可法》第三十二条予以受理。',
      };
    case 'correction': {
      const round = correctionRound(app);
      return {
        ...common,
        correctionRound: round,
        materials: app.correctionMaterials,
        explanation: app.decisionReasons,
        text:
          round === 1
            ? '请一次性补正以下材料;补正后本机关将依法作出是否受理的决定。'
            : `本通知仅针对第${round - 1}次补正所提交材料本身存在的问题(《中华人民共和国行政许可法》第三十二条),其余材料已于首次补正告知。请补正以下材料;补正后本机关将依法作出是否受理的决定。`,
      };
    }
    case 'non_acceptance':
      return { ...common, reasons: app.decisionReasons, remedy: REMEDY };
    case 'extension':
      return { ...common, decisionDueOn: app.decisionDueOn, reasons: app.extensionReasons, legalBasis: '《中华人民共和国行政许可法》第四十二条' };
    case 'suspension': {
      const current = app.suspensions[app.suspensions.length - 1];
      return { ...common, kind: current ? SUSPENSION_KIND_LABELS[current.kind] : null, from: current?.from, reasons: current?.reasons, text: '所需时间不计算在行政许可审查期限内(《中华人民共和国行政许可法》第四十五条)。' };
    }
    case 'resumption':
      return { ...common, decisionDueOn: app.decisionDueOn, promisedDueOn: app.promisedDueOn };
    case 'approval':
      return { ...common, ...decidedBy(app), decidedOn: app.decidedOn, opinion: app.decisionReasons, legalBasis: app.legalBasis, validUntil: app.validUntil, certificateDueOn: app.certificateDueOn, supervisingDepartment: app.item.department };
    case 'rejection':
      return { ...common, ...decidedBy(app), decidedOn: app.decidedOn, reasons: app.decisionReasons, legalBasis: app.legalBasis, remedy: REMEDY };
    case 'certificate':
      return { ...common, ...decidedBy(app), certificateNo: app.certificateNo, issuedOn: app.certificateIssuedOn, validUntil: app.validUntil };
  }
}

/** The deciding authority and the window, as decisions and certificates name them. */
function decidedBy(app: Pick<ApplicationEntity, 'townName' | 'issuingAuthority'>): { issuingAuthority: string; placeOfService: string } {
  return { issuingAuthority: noticeIssuer('approval', app), placeOfService: placeOfService(app.townName) };
}
