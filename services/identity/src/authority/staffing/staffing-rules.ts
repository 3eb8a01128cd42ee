import { MIN_DISPATCHED_TOWN_WEIGHT, type ManagementMode } from '@yiti/contracts';
import { isRealDate, type IsoDate } from '@yiti/platform';

/** Jiangsu: a dispatched agency is assessed at least half by the town it serves. */
export function agencyWeightProblem(mode: ManagementMode, townWeight: number): string | null {
  if (mode === 'dispatched' && townWeight < MIN_DISPATCHED_TOWN_WEIGHT) {
    return `a dispatched agency gives the town at least ${MIN_DISPATCHED_TOWN_WEIGHT} % of its annual assessment, not ${townWeight} %`;
  }
  return null;
}

export interface Posting {
  since: IsoDate;
  /** The last day in the town (inclusive); null while open-ended. */
  until: IsoDate | null;
}

export function postingProblem(posting: Posting): string | null {
  if (!isRealDate(posting.since)) return `since ${posting.since} is not a date`;
  if (posting.until !== null && !isRealDate(posting.until)) return `until ${posting.until} is not a date`;
  if (posting.until !== null && posting.until < posting.since) return 'a posting cannot end before it starts';
  return null;
}

/** Ending a posting (possibly earlier than planned); one that was ended or is already over cannot be. */
export function endPostingProblem(posting: Posting & { endReason: string | null }, until: IsoDate, today: IsoDate): string | null {
  if (posting.endReason !== null || (posting.until !== null && posting.until < today)) return 'ended';
  return postingProblem({ since: posting.since, until });
}

export function postedOn(posting: Posting, date: IsoDate): boolean {
  return posting.since <= date && (posting.until === null || date <= posting.until);
}

export interface TownStaffing {
  administrative: number;
  institutional: number;
  sentDown: number;
  agencies: number;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** County totals and per-town averages (one decimal); a county with no towns averages 0. */
export function staffingTotals(towns: TownStaffing[]) {
  const sum = (pick: (t: TownStaffing) => number) => towns.reduce((total, t) => total + pick(t), 0);
  const average = (total: number) => (towns.length === 0 ? 0 : oneDecimal(total / towns.length));
  const totals = {
    totalAdministrative: sum((t) => t.administrative),
    totalInstitutional: sum((t) => t.institutional),
    totalSentDown: sum((t) => t.sentDown),
    totalAgencies: sum((t) => t.agencies),
  };
  return {
    towns: towns.length,
    ...totals,
    averageAdministrative: average(totals.totalAdministrative),
    averageInstitutional: average(totals.totalInstitutional),
    averageSentDown: average(totals.totalSentDown),
  };
}
