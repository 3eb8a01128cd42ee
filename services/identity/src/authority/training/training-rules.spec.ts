import { attendanceRecorderProblem, certificationStatusOn, issueProblem, mayExercise, refusalView, revocationProblem, townOf, unknownCategories } from './training-rules';

describe('training and certification rules', () => {
  const cert = { id: 'c1', categories: ['城市管理'], issuedOn: '2026-01-01', expiresOn: '2028-12-31', revokedOn: null };

  it('treats the expiry date as the last valid day and the issue date as the first', () => {
    expect(certificationStatusOn(cert, '2025-12-31')).toBe('not_yet_valid');
    expect(certificationStatusOn(cert, '2026-01-01')).toBe('valid');
    expect(certificationStatusOn(cert, '2028-12-31')).toBe('valid');
    expect(certificationStatusOn(cert, '2029-01-01')).toBe('expired');
  });

  it('makes a certificate invalid from the revocation date, revocation winning over expiry', () => {
    const revoked = { ...cert, revokedOn: '2027-03-01' };
    expect(certificationStatusOn(revoked, '2027-02-28')).toBe('valid');
    expect(certificationStatusOn(revoked, '2027-03-01')).toBe('revoked');
    expect(certificationStatusOn(revoked, '2029-06-01')).toBe('revoked');
  });

  it('checks issue and revocation dates', () => {
    expect(issueProblem('2026-01-01', '2026-01-01')).toBeNull();
    expect(issueProblem('2026-01-02', '2026-01-01')).toMatch(/before it is issued/);
    expect(issueProblem('2026-02-30', '2027-01-01')).toMatch(/not a date/);
    expect(revocationProblem(cert, '2026-11-26', '2026-11-26')).toBeNull();
    expect(revocationProblem(cert, '2026-11-25', '2026-11-26')).toMatch(/past/);
    expect(revocationProblem({ ...cert, issuedOn: '2027-01-01' }, '2026-12-01', '2026-11-26')).toMatch(/precede/);
    expect(revocationProblem({ ...cert, revokedOn: '2026-11-26' }, '2026-12-01', '2026-11-26')).toBe('revoked');
  });

  it('finds the town of an officer; county officers have none', () => {
    expect(townOf('320585102')).toBe('320585102');
    expect(townOf('320585102201')).toBe('320585102');
    expect(townOf('320585')).toBeNull();
    expect(townOf('320000')).toBeNull();
  });

  describe('may an officer exercise a power', () => {
    const delegated = { effectiveFrom: '2026-01-01', transitionUntil: null, withdrawnOn: null };
    const townOfficer = { jurisdictionCode: '320585102', active: true };
    const base = {
      date: '2026-06-01',
      officer: townOfficer,
      item: { category: '城市管理', inCountyCatalog: true },
      certifications: [cert],
      delegations: [delegated],
    };

    it('allows a certified town officer when the town holds the power', () => {
      expect(mayExercise(base)).toEqual({ allowed: true, reasons: [], townCode: '320585102', townMode: 'delegated', certification: cert });
    });

    it('counts the transition period as holding the power', () => {
      const transition = { ...delegated, transitionUntil: '2026-08-01' };
      expect(mayExercise({ ...base, delegations: [transition] })).toMatchObject({ allowed: true, townMode: 'transition' });
    });

    it('refuses when the town has no delegation, before it takes effect, or after withdrawal', () => {
      expect(mayExercise({ ...base, delegations: [] })).toMatchObject({ allowed: false, reasons: ['TOWN_NOT_DELEGATED'], townMode: 'county' });
      expect(mayExercise({ ...base, date: '2025-12-31', certifications: [{ ...cert, issuedOn: '2025-01-01' }] })).toMatchObject({ reasons: ['TOWN_NOT_DELEGATED'] });
      expect(mayExercise({ ...base, delegations: [{ ...delegated, withdrawnOn: '2026-06-01' }] }).reasons).toEqual(['TOWN_NOT_DELEGATED']);
    });

    it('refuses an item of a category the certificate does not cover', () => {
      const decision = mayExercise({ ...base, item: { category: '市场监管', inCountyCatalog: true } });
      expect(decision).toMatchObject({ allowed: false, reasons: ['NO_CERTIFICATE'], certification: null });
      expect(refusalView('NO_CERTIFICATE').message).toMatch(/^未取得该类别执法证/);
    });

    it('refuses on the day after expiry but not on the expiry date', () => {
      expect(mayExercise({ ...base, date: '2028-12-31' }).allowed).toBe(true);
      expect(mayExercise({ ...base, date: '2029-01-01' })).toMatchObject({ allowed: false, reasons: ['CERTIFICATE_EXPIRED'] });
      expect(mayExercise({ ...base, date: '2025-12-31', delegations: [{ ...delegated, effectiveFrom: '2025-01-01' }] }).reasons).toEqual(['CERTIFICATE_NOT_YET_VALID']);
    });

    it('refuses from the revocation date, and a valid second certificate still counts', () => {
      const revoked = { ...cert, revokedOn: '2026-06-01' };
      expect(mayExercise({ ...base, date: '2026-05-31', certifications: [revoked] }).allowed).toBe(true);
      expect(mayExercise({ ...base, certifications: [revoked] })).toMatchObject({ allowed: false, reasons: ['CERTIFICATE_REVOKED'] });
      const renewed = { ...cert, id: 'c2', categories: ['市场监管', '城市管理'], issuedOn: '2026-05-01' };
      expect(mayExercise({ ...base, certifications: [revoked, renewed] })).toMatchObject({ allowed: true, certification: { id: 'c2' } });
    });

    it('gives every reason at once', () => {
      const decision = mayExercise({ ...base, officer: { ...townOfficer, active: false }, certifications: [{ ...cert, revokedOn: '2026-03-01' }, { ...cert, expiresOn: '2026-04-01' }], delegations: [] });
      expect(decision.reasons).toEqual(['OFFICER_DISABLED', 'CERTIFICATE_REVOKED', 'CERTIFICATE_EXPIRED', 'TOWN_NOT_DELEGATED']);
    });

    it('needs no delegation at county level but still a certificate and an item of the county catalog', () => {
      const countyOfficer = { jurisdictionCode: '320585', active: true };
      expect(mayExercise({ ...base, officer: countyOfficer, delegations: [] })).toEqual({ allowed: true, reasons: [], townCode: null, townMode: null, certification: cert });
      expect(mayExercise({ ...base, officer: countyOfficer, certifications: [] }).reasons).toEqual(['NO_CERTIFICATE']);
      expect(mayExercise({ ...base, officer: countyOfficer, item: { category: '城市管理', inCountyCatalog: false } }).reasons).toEqual(['ITEM_NOT_IN_COUNTY_CATALOG']);
    });
  });

  it('lets a county admin record attendance in their subtree and a leader only in their own town', () => {
    const admin = { roles: ['county_admin' as const], jurisdictionCode: '320585' };
    const townLeader = { roles: ['leader' as const], jurisdictionCode: '320585102' };
    const countyLeader = { roles: ['leader' as const], jurisdictionCode: '320585' };
    expect(attendanceRecorderProblem(admin, '320585100')).toBeNull();
    expect(attendanceRecorderProblem(admin, '320586100')).toBe('scope');
    expect(attendanceRecorderProblem(townLeader, '320585102201')).toBeNull();
    expect(attendanceRecorderProblem(townLeader, '320585100')).toBe('scope');
    expect(attendanceRecorderProblem(countyLeader, '320585102')).toBe('role');
    expect(attendanceRecorderProblem({ roles: ['window_clerk'], jurisdictionCode: '320585102' }, '320585102')).toBe('role');
  });

  it('names categories the county catalog does not use', () => {
    expect(unknownCategories(['城市管理', '城管'], ['城市管理', '市场监管'])).toEqual(['城管']);
  });
});
