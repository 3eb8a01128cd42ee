import { EXERCISE_REFUSALS, isWithinJurisdiction, levelOf, type Actor, type CertificationStatus, type ExerciseRefusal, type PowerMode } from '@yiti/contracts';
import { isRealDate, type IsoDate } from '@yiti/platform';
import { effectiveDelegation, type DelegationPeriod } from '../delegation/delegation-rules';

export interface CertificationPeriod {
  issuedOn: IsoDate;
  /** The last valid day (有效期至, inclusive). */
  expiresOn: IsoDate;
  /** First day the certificate is no longer valid; null while not revoked. */
  revokedOn: IsoDate | null;
}

/** A certificate on a date: revocation wins over expiry, expiry over "not yet valid". */
export function certificationStatusOn(cert: CertificationPeriod, date: IsoDate): CertificationStatus {
  if (cert.revokedOn !== null && date >= cert.revokedOn) return 'revoked';
  if (date > cert.expiresOn) return 'expired';
  if (date < cert.issuedOn) return 'not_yet_valid';
  return 'valid';
}

export function issueProblem(issuedOn: IsoDate, expiresOn: IsoDate): string | null {
  if (!isRealDate(issuedOn)) return `issuedOn ${issuedOn} is not a date`;
  if (!isRealDate(expiresOn)) return `expiresOn ${expiresOn} is not a date`;
  if (expiresOn < issuedOn) return 'a certificate cannot expire before it is issued';
  return null;
}

/** Why a revocation is refused, or null. Revocation never reaches into the past. */
export function revocationProblem(cert: CertificationPeriod, revokedOn: IsoDate, today: IsoDate): string | null {
  if (cert.revokedOn !== null) return 'revoked';
  if (!isRealDate(revokedOn)) return `revokedOn ${revokedOn} is not a date`;
  if (revokedOn < today) return 'the past cannot be rewritten: revokedOn must be today or later';
  if (revokedOn < cert.issuedOn) return 'revocation cannot precede the issue date';
  return null;
}

/** The town an officer works in (a village or grid officer belongs to its town); null at county level or above. */
export function townOf(jurisdictionCode: string): string | null {
  const level = levelOf(jurisdictionCode);
  if (level === 'town' || level === 'village' || level === 'grid') return jurisdictionCode.slice(0, 9);
  return null;
}

export interface ExerciseFacts<C extends CertificationPeriod & { categories: string[] }, D extends DelegationPeriod> {
  date: IsoDate;
  officer: { jurisdictionCode: string; active: boolean };
  item: { category: string; inCountyCatalog: boolean };
  /** Every certification the officer ever held. */
  certifications: C[];
  /** The officer's town's delegations of the item, over the years (ignored at county level). */
  delegations: D[];
}

export interface ExerciseDecision<C> {
  allowed: boolean;
  reasons: ExerciseRefusal[];
  townCode: string | null;
  townMode: PowerMode | null;
  certification: C | null;
}

const STATUS_REFUSAL: Record<Exclude<CertificationStatus, 'valid'>, ExerciseRefusal> = {
  expired: 'CERTIFICATE_EXPIRED',
  not_yet_valid: 'CERTIFICATE_NOT_YET_VALID',
  revoked: 'CERTIFICATE_REVOKED',
};

/**
 * "May officer O exercise power P on date D?" O needs a certificate valid on D whose categories
 * include P's category; a town officer's town must also hold P on D (transition counts). A county
 * officer needs no delegation: county powers are the county's, but only those of its catalog.
 * Every reason that applies is given, so one answer tells what to fix.
 */
export function mayExercise<C extends CertificationPeriod & { categories: string[] }, D extends DelegationPeriod>(facts: ExerciseFacts<C, D>): ExerciseDecision<C> {
  const reasons: ExerciseRefusal[] = [];
  if (!facts.officer.active) reasons.push('OFFICER_DISABLED');

  const covering = facts.certifications.filter((c) => c.categories.includes(facts.item.category));
  const certification = covering.find((c) => certificationStatusOn(c, facts.date) === 'valid') ?? null;
  if (covering.length === 0) reasons.push('NO_CERTIFICATE');
  else if (certification === null) {
    for (const c of covering) {
      const refusal = STATUS_REFUSAL[certificationStatusOn(c, facts.date) as Exclude<CertificationStatus, 'valid'>];
      if (!reasons.includes(refusal)) reasons.push(refusal);
    }
  }

  const townCode = townOf(facts.officer.jurisdictionCode);
  let townMode: PowerMode | null = null;
  if (townCode === null) {
    if (!facts.item.inCountyCatalog) reasons.push('ITEM_NOT_IN_COUNTY_CATALOG');
  } else {
    townMode = effectiveDelegation(facts.delegations, facts.date).mode;
    if (townMode === 'county') reasons.push('TOWN_NOT_DELEGATED');
  }
  return { allowed: reasons.length === 0, reasons, townCode, townMode, certification };
}

export function refusalView(code: ExerciseRefusal): { code: ExerciseRefusal; message: string } {
  return { code, message: EXERCISE_REFUSALS[code] };
}

/**
 * Who records attendance for a user: a county admin anywhere in their subtree; a leader only for
 * their own town (a leader at county level or above does not).
 */
export function attendanceRecorderProblem(actor: Pick<Actor, 'roles' | 'jurisdictionCode'>, userJurisdictionCode: string): 'role' | 'scope' | null {
  const isAdmin = actor.roles.includes('county_admin');
  const isTownLeader = actor.roles.includes('leader') && townOf(actor.jurisdictionCode) !== null;
  if (!isAdmin && !isTownLeader) return 'role';
  if (!isWithinJurisdiction(actor.jurisdictionCode, userJurisdictionCode)) return 'scope';
  return null;
}

/** Categories not among those the county's catalog uses (categories must match catalog items exactly). */
export function unknownCategories(categories: string[], catalogCategories: Iterable<string>): string[] {
  const known = new Set(catalogCategories);
  return categories.filter((c) => !known.has(c));
}
