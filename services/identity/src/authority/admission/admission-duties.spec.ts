import type { DutyProposal } from '@yiti/contracts';
import { csvRowLabel, dutyListProblems, jsonDutyLabel, responsibleOrganisationFor, type TownOrganisation } from './admission-duties';

const TOWN_A = '320585102';
const TOWN_B = '320585103';
const organisations: TownOrganisation[] = [
  { id: 'a-social', code: 'A-AAA', kind: 'town_functional_institution', jurisdictionCode: TOWN_A },
  { id: 'a-civil', code: 'A-ZZZ', kind: 'town_functional_institution', jurisdictionCode: TOWN_A },
  { id: 'a-team', code: 'A-ZHZF', kind: 'enforcement_team', jurisdictionCode: TOWN_A },
  { id: 'b-office', code: 'B-MZ', kind: 'town_functional_institution', jurisdictionCode: TOWN_B },
];
const civilAffairs: DutyProposal = { name: '低保对象走访核查', kind: 'basic', shared: false, eventCategories: ['民政/社会救助'], responsibleOrganisationKind: 'town_functional_institution' };

describe('an admission names the institution that handles each duty in each town', () => {
  it('takes the named institution, else the only one of the kind, else none', () => {
    expect(responsibleOrganisationFor({ ...civilAffairs, responsibleOrganisationCodes: ['A-ZZZ'] }, TOWN_A, organisations)).toBe('a-civil');
    expect(responsibleOrganisationFor(civilAffairs, TOWN_A, organisations)).toBeNull();
    expect(responsibleOrganisationFor(civilAffairs, TOWN_B, organisations)).toBe('b-office');
    expect(responsibleOrganisationFor({ ...civilAffairs, responsibleOrganisationKind: 'service_centre' }, TOWN_B, organisations)).toBeNull();
  });

  it('asks for a name where a town has several institutions of the kind, and refuses names that do not fit', () => {
    expect(dutyListProblems([civilAffairs], [TOWN_A, TOWN_B], organisations, jsonDutyLabel)).toEqual([
      { field: 'duties[0]: responsibleOrganisationCodes', messages: [expect.stringContaining('several town_functional_institution institutions (A-AAA, A-ZZZ)')] },
    ]);
    expect(dutyListProblems([{ ...civilAffairs, responsibleOrganisationCodes: ['A-ZZZ'] }], [TOWN_A, TOWN_B], organisations, jsonDutyLabel)).toEqual([]);
    const misnamed = dutyListProblems([{ ...civilAffairs, responsibleOrganisationCodes: ['A-ZHZF', 'B-MZ', 'C-XX'] }], [TOWN_A], organisations, jsonDutyLabel);
    expect(misnamed.map((p) => p.messages[0])).toEqual([
      'A-ZHZF is a enforcement_team, not a town_functional_institution',
      'B-MZ is not an organisation of the proposed towns',
      'C-XX is not an organisation of the proposed towns',
      expect.stringContaining('several'),
    ]);
    expect(dutyListProblems([{ ...civilAffairs, responsibleOrganisationCodes: ['A-AAA', 'A-ZZZ'] }], [TOWN_A], organisations, jsonDutyLabel)[0]?.messages[0]).toMatch(/one institution per town/);
  });

  it('refuses a name used twice in one list, naming the rows, and skips rows that failed validation', () => {
    const list = [civilAffairs, null, { ...civilAffairs, name: ' 低保对象走访核查 ' }];
    expect(dutyListProblems(list, [TOWN_B], organisations, csvRowLabel)).toEqual([{ field: 'row 3: name', messages: ['the same duty name as row 1'] }]);
  });
});
