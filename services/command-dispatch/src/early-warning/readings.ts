import type { HouseholdFlagCode, HouseholdRecipient, ReadingThresholdParams } from '@yiti/contracts';

export interface Reading {
  meterNo: string;
  householdId: string;
  day: string;
  value: number;
}

export interface ReadingRule {
  id: string;
  params: ReadingThresholdParams;
}

/** One reading above a rule's threshold of a household carrying the rule's flag. */
export interface ReadingMatch {
  ruleId: string;
  reading: Reading;
  household: HouseholdRecipient;
  /** Stable per rule, meter and day: the alert's key and its work order's source. */
  alertKey: string;
}

/**
 * 读数阈值研判 (the Liuhe case): a reading above the threshold of a household flagged `householdFlag`
 * (空关户 vacant) is a match. A household the grid does not know, or without the flag, never matches.
 */
export function matchReadings(rules: readonly ReadingRule[], readings: readonly Reading[], households: ReadonlyMap<string, HouseholdRecipient>): ReadingMatch[] {
  const matches: ReadingMatch[] = [];
  for (const reading of readings) {
    const household = households.get(reading.householdId);
    if (!household) continue;
    for (const rule of rules) {
      if (reading.value > rule.params.threshold && hasFlag(household.flags, rule.params.householdFlag)) {
        matches.push({ ruleId: rule.id, reading, household, alertKey: `reading:${reading.meterNo}:${reading.day}` });
      }
    }
  }
  return matches;
}

const hasFlag = (flags: readonly HouseholdFlagCode[], flag: HouseholdFlagCode): boolean => flags.includes(flag);
