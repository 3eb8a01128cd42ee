import { checkDiscretion, DEFAULT_HEARING_THRESHOLDS, hearingQualifies } from './case-procedure';

describe('hearing entitlement (Penalty Law art. 63) at the county thresholds', () => {
  const thresholds = { citizenYuan: 5_000, organisationYuan: 50_000 };

  it('entitles a citizen from the citizen threshold and an organisation from its own', () => {
    expect(hearingQualifies({ kinds: ['fine'], fineYuan: 4_999.99 }, 'person', thresholds)).toBe(false);
    expect(hearingQualifies({ kinds: ['fine'], fineYuan: 5_000 }, 'person', thresholds)).toBe(true);
    expect(hearingQualifies({ kinds: ['fine'], fineYuan: 5_000 }, 'organisation', thresholds)).toBe(false);
    expect(hearingQualifies({ kinds: ['fine'], fineYuan: 50_000 }, 'organisation', thresholds)).toBe(true);
  });

  it('counts a large confiscation like a fine, and the heavier kinds whatever the amount', () => {
    expect(hearingQualifies({ kinds: ['confiscation_illegal_gains'], confiscatedYuan: 6_000 }, 'person', thresholds)).toBe(true);
    expect(hearingQualifies({ kinds: ['warning', 'confiscation_property'], confiscatedYuan: 100 }, 'person', thresholds)).toBe(false);
    for (const kind of ['licence_revocation', 'suspension', 'closure', 'licence_downgrade', 'qualification_restriction', 'employment_restriction'] as const) {
      expect(hearingQualifies({ kinds: [kind] }, 'organisation', thresholds)).toBe(true);
    }
    expect(hearingQualifies({ kinds: ['warning'] }, 'person', thresholds)).toBe(false);
    // A fine amount given with a kind list without "fine" does not count.
    expect(hearingQualifies({ kinds: ['warning'], fineYuan: 1_000_000 }, 'person', thresholds)).toBe(false);
  });

  it('uses defaults until the county sets its thresholds', () => {
    expect(hearingQualifies({ kinds: ['fine'], fineYuan: DEFAULT_HEARING_THRESHOLDS.citizenYuan }, 'person', DEFAULT_HEARING_THRESHOLDS)).toBe(true);
    expect(hearingQualifies({ kinds: ['fine'], fineYuan: DEFAULT_HEARING_THRESHOLDS.citizenYuan - 0.01 }, 'person', DEFAULT_HEARING_THRESHOLDS)).toBe(false);
  });
});

describe('discretion bands (裁量基准)', () => {
  const bands = [
    { circumstance: '轻微', minFine: 0, maxFine: 1_000 },
    { circumstance: '一般', minFine: 1_000, maxFine: 5_000 },
    { circumstance: '严重', minFine: 5_000, maxFine: null },
  ];

  it('accepts a fine inside the band of the circumstance found, both edges included', () => {
    expect(checkDiscretion(bands, '一般', 1_000)).toMatchObject({ inBand: true, band: bands[1] });
    expect(checkDiscretion(bands, '一般', 5_000)).toMatchObject({ inBand: true });
    expect(checkDiscretion(bands, '严重', 1_000_000)).toMatchObject({ inBand: true });
  });

  it('names a fine outside its band, or an unknown circumstance, as a departure', () => {
    expect(checkDiscretion(bands, '一般', 5_000.01)).toMatchObject({ inBand: false, detail: expect.stringContaining('1000–5000') });
    expect(checkDiscretion(bands, '轻微', 1_200)).toMatchObject({ inBand: false });
    expect(checkDiscretion(bands, '特别严重', 100)).toMatchObject({ inBand: false, band: null, detail: expect.stringContaining('轻微、一般、严重') });
    expect(checkDiscretion(bands, undefined, 100)).toMatchObject({ inBand: false });
  });

  it('has nothing to depart from when the item has no bands', () => {
    expect(checkDiscretion([], undefined, 123_456)).toEqual({ inBand: true, band: null });
  });
});
