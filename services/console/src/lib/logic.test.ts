import { describe, expect, it, vi } from 'vitest';
import { clockText, clockTone, missingMaterials, percent } from './clocks';
import { penaltyFormField, penaltyProblems } from './penalty';
import { parseRoute, routeHash } from './route';
import { Session, refreshDelayMs, type Tokens } from './session';
import { gridFeatureCollection } from './geo';
import { passwordProblem } from './password';

const tokens = (access: string, expiresIn = 900): Tokens => ({ accessToken: access, refreshToken: `r-${access}`, expiresIn, user: { id: 'u', username: 'c', displayName: '张', organisationId: 'o', jurisdictionCode: '320585102', roles: ['window_clerk'] } });

describe('the window checklist and clocks', () => {
  it('lists the required materials the applicant did not bring', () => {
    expect(missingMaterials(['申请书', '营业执照', '身份证明'], ['营业执照 ', '其他'])).toEqual(['申请书', '身份证明']);
    expect(missingMaterials([], ['x'])).toEqual([]);
  });

  it('reads overdue, due today and due soon at a glance', () => {
    expect([clockTone(-1), clockTone(0), clockTone(2), clockTone(3), clockTone(null)]).toEqual(['overdue', 'due-soon', 'due-soon', 'ok', 'ok']);
    expect(clockText(-2)).toBe('超期 2 个工作日');
    expect(clockText(0)).toBe('今日到期');
    expect(clockText(4)).toBe('剩 4 个工作日');
  });

  it('shows a dash for a rate with nothing to count (an empty county)', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0.875)).toBe('87.5%');
  });
});

describe('the on-the-spot penalty limits', () => {
  it('fines a citizen up to 200 yuan and an organisation up to 3000', () => {
    expect(penaltyProblems({ partyKind: 'person', kind: 'fine', fineYuan: 200, collectOnTheSpot: false })).toEqual({});
    expect(penaltyProblems({ partyKind: 'person', kind: 'fine', fineYuan: 200.01, collectOnTheSpot: false }).fineYuan).toContain('200 元');
    expect(penaltyProblems({ partyKind: 'organisation', kind: 'fine', fineYuan: 3000, collectOnTheSpot: false })).toEqual({});
    expect(penaltyProblems({ partyKind: 'organisation', kind: 'fine', fineYuan: 3001, collectOnTheSpot: false }).fineYuan).toContain('3000 元');
    expect(penaltyProblems({ partyKind: 'person', kind: 'warning', collectOnTheSpot: false })).toEqual({});
  });

  it('puts the API\'s refusal on the form field it concerns', () => {
    expect(penaltyFormField('fineYuan', 'SIMPLIFIED_FINE_LIMIT_EXCEEDED')).toBe('fineYuan');
    expect(penaltyFormField('collectOnTheSpot', 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED')).toBe('collectionReason');
    expect(penaltyFormField('party.idNumber', 'VALIDATION_FAILED')).toBe('partyIdNumber');
    expect(penaltyFormField('townCode', 'FORBIDDEN_JURISDICTION')).toBeUndefined();
  });

  it('collects more than 100 yuan on the spot only with a reason', () => {
    expect(penaltyProblems({ partyKind: 'person', kind: 'fine', fineYuan: 150, collectOnTheSpot: true }).collectionReason).toContain('100 元');
    expect(penaltyProblems({ partyKind: 'person', kind: 'fine', fineYuan: 150, collectOnTheSpot: true, collectionReason: '当事人系外地游客' })).toEqual({});
    expect(penaltyProblems({ partyKind: 'person', kind: 'fine', fineYuan: 100, collectOnTheSpot: true })).toEqual({});
  });
});

describe('routes in the fragment', () => {
  it('round-trips a page and an id', () => {
    expect(parseRoute('#/applications/abc-1')).toEqual({ page: 'applications', id: 'abc-1' });
    expect(parseRoute('')).toEqual({ page: '' });
    expect(routeHash({ page: 'window' })).toBe('#/window');
    expect(parseRoute(routeHash({ page: 'applications', id: 'a/b' }))).toEqual({ page: 'applications', id: 'a/b' });
  });
});

describe('the in-memory session', () => {
  it('renews a minute before expiry, never sooner than 5 s', () => {
    expect(refreshDelayMs(900)).toBe(840_000);
    expect(refreshDelayMs(30)).toBe(5_000);
  });

  it('refreshes silently on its timer with the rotating refresh token, once at a time', async () => {
    vi.useFakeTimers();
    try {
      const refresher = vi.fn(async (refreshToken: string) => tokens(`next-of-${refreshToken}`));
      const session = new Session(refresher);
      session.start(tokens('a'));
      await vi.advanceTimersByTimeAsync(840_000);
      expect(refresher).toHaveBeenCalledWith('r-a');
      expect(session.accessToken).toBe('next-of-r-a');
      const [one, two] = [session.refresh(), session.refresh()];
      expect(await one).toBe(true);
      expect(await two).toBe(true);
      expect(refresher).toHaveBeenCalledTimes(2);
      session.end();
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs out when the refresh token no longer works, and tells its listeners', async () => {
    const session = new Session(async () => null);
    const seen: (string | null)[] = [];
    session.subscribe((u) => seen.push(u?.username ?? null));
    session.start(tokens('a'));
    expect(await session.refresh()).toBe(false);
    expect(session.accessToken).toBeNull();
    expect(seen).toEqual(['c', null]);
  });
});

describe('grid shapes for the map', () => {
  it('makes a FeatureCollection of the grids with a boundary, named for the map', () => {
    const square = { type: 'Polygon', coordinates: [[[121, 31], [121.1, 31], [121.1, 31.1], [121, 31]]] };
    const fc = gridFeatureCollection([{ code: 'g1', name: '一网格', boundary: square }, { code: 'g2', name: '二网格', boundary: null }]);
    expect(fc.features).toEqual([{ type: 'Feature', properties: { name: '一网格', code: 'g1' }, geometry: square }]);
  });
});

describe('the forced password change', () => {
  it('holds the platform\'s flag until tokens without it arrive', async () => {
    const session = new Session(async () => tokens('b'));
    session.start({ ...tokens('a'), passwordChangeRequired: true });
    expect(session.passwordChangeRequired).toBe(true);
    expect(await session.refresh()).toBe(true);
    expect(session.passwordChangeRequired).toBe(false);
    session.end();
  });

  it('checks the new password against the platform\'s policy', () => {
    expect(passwordProblem('Changed@2026x', 'liuhe.clerk')).toBeUndefined();
    expect(passwordProblem('short1', 'x')).toBe('新密码至少10个字符');
    expect(passwordProblem('abcdefghijk', 'x')).toBe('新密码须包含数字');
    expect(passwordProblem('liuhe.clerk2026', 'liuhe.clerk')).toBe('新密码不能包含用户名');
  });
});
