import type { DutyProposal, FieldError, OrganisationKind } from '@yiti/contracts';
import { proposalProblems } from './admission-lifecycle';

/** An institution a duty may be given to: an organisation of one of the admission's towns. */
export interface TownOrganisation {
  id: string;
  code: string;
  kind: OrganisationKind;
  jurisdictionCode: string;
}

/** How a duty of the list is named in problems: `duties[3]` for JSON, `row 4` for a CSV file. */
export type DutyLabel = (index: number) => string;

export const jsonDutyLabel: DutyLabel = (index) => `duties[${index}]`;
export const csvRowLabel: DutyLabel = (index) => `row ${index + 1}`;

function ofKindIn(organisations: TownOrganisation[], kind: OrganisationKind, townCode: string): TownOrganisation[] {
  return organisations.filter((o) => o.kind === kind && o.jurisdictionCode === townCode);
}

/**
 * The institution that handles a duty in a town: the one the admission named for that town, else
 * the town's only institution of the duty's kind, else none (several and none named, or none yet).
 */
export function responsibleOrganisationFor(duty: Pick<DutyProposal, 'responsibleOrganisationKind' | 'responsibleOrganisationCodes'>, townCode: string, organisations: TownOrganisation[]): string | null {
  const candidates = ofKindIn(organisations, duty.responsibleOrganisationKind, townCode);
  const named = candidates.find((o) => duty.responsibleOrganisationCodes?.includes(o.code));
  if (named) return named.id;
  return candidates.length === 1 ? (candidates[0] as TownOrganisation).id : null;
}

/** Why the named institutions of one duty do not fit the admission's towns, if they do not. */
function institutionProblems(duty: DutyProposal, townCodes: string[], organisations: TownOrganisation[]): string[] {
  const problems: string[] = [];
  const named = duty.responsibleOrganisationCodes ?? [];
  const namedByTown = new Map<string, string[]>();
  for (const code of named) {
    const organisation = organisations.find((o) => o.code === code && townCodes.includes(o.jurisdictionCode));
    if (!organisation) problems.push(`${code} is not an organisation of the proposed towns`);
    else if (organisation.kind !== duty.responsibleOrganisationKind) problems.push(`${code} is a ${organisation.kind}, not a ${duty.responsibleOrganisationKind}`);
    else namedByTown.set(organisation.jurisdictionCode, [...(namedByTown.get(organisation.jurisdictionCode) ?? []), code]);
  }
  for (const town of townCodes) {
    const namedHere = namedByTown.get(town) ?? [];
    if (namedHere.length > 1) problems.push(`name one institution per town: ${namedHere.join(', ')} are both in ${town}`);
    const candidates = ofKindIn(organisations, duty.responsibleOrganisationKind, town);
    if (namedHere.length === 0 && candidates.length > 1) {
      problems.push(`town ${town} has several ${duty.responsibleOrganisationKind} institutions (${candidates.map((o) => o.code).join(', ')}): name the responsible one in responsibleOrganisationCodes`);
    }
  }
  return problems;
}

/**
 * Every problem of an admission's duty list, each under its duty's label: incomplete proposals,
 * names used twice in the list, institutions that are not of the towns or not unambiguous. Rows
 * that failed shape validation (null) are skipped.
 */
export function dutyListProblems(duties: (DutyProposal | null)[], townCodes: string[], organisations: TownOrganisation[], label: DutyLabel): FieldError[] {
  const problems: FieldError[] = [];
  const firstByName = new Map<string, number>();
  duties.forEach((duty, index) => {
    if (duty === null) return; // a row that failed validation: its problems are reported already
    for (const message of proposalProblems(duty)) problems.push({ field: label(index), messages: [message] });
    const key = duty.name.trim();
    const first = firstByName.get(key);
    if (first !== undefined) problems.push({ field: `${label(index)}: name`, messages: [`the same duty name as ${label(first)}`] });
    else firstByName.set(key, index);
    for (const message of institutionProblems(duty, townCodes, organisations)) problems.push({ field: `${label(index)}: responsibleOrganisationCodes`, messages: [message] });
  });
  return problems;
}
