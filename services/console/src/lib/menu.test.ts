import { describe, expect, it } from 'vitest';
import { homeFor, mayOpen, menuFor, roleLabels } from './menu';

describe('the menu by roles', () => {
  it('shows a clerk the window and the applications, not enforcement or administration', () => {
    const keys = menuFor(['window_clerk']).map((m) => m.key);
    expect(keys).toEqual(['window', 'applications', 'statistics', 'account']);
    expect(homeFor(['window_clerk'])).toBe('window');
    expect(mayOpen('admin', ['window_clerk'])).toBe(false);
  });

  it('lands an approver on the applications and an officer on enforcement', () => {
    expect(homeFor(['approver'])).toBe('applications');
    expect(homeFor(['enforcement_officer'])).toBe('enforcement');
    expect(mayOpen('window', ['approver'])).toBe(false);
  });

  it('leaves a user without any known role only their account', () => {
    expect(menuFor(['nobody']).map((m) => m.key)).toEqual(['account']);
    expect(homeFor([])).toBe('account');
  });

  it('names roles in Chinese', () => {
    expect(roleLabels(['window_clerk', 'leader'])).toBe('窗口受理人员、分管领导');
  });
});

describe('the steps offered on an application', () => {
  it('offers a clerk acceptance, 补正 and refusal on a received application, and nothing on an accepted one', async () => {
    const { actionsFor } = await import('./steps');
    expect(actionsFor('received', ['window_clerk']).map((s) => s.action)).toEqual(['accept', 'request-correction', 'not-accept']);
    expect(actionsFor('correction_requested', ['window_clerk']).map((s) => s.action)).toEqual(['resubmit']);
    expect(actionsFor('accepted', ['window_clerk'])).toEqual([]);
  });

  it('offers an approver the decision and the clock, a leader the extension, and the certificate once approved', async () => {
    const { actionsFor } = await import('./steps');
    expect(actionsFor('accepted', ['approver']).map((s) => s.action)).toEqual(['approve', 'reject', 'suspend']);
    expect(actionsFor('accepted', ['leader']).map((s) => s.action)).toEqual(['extend']);
    expect(actionsFor('suspended', ['approver']).map((s) => s.action)).toEqual(['resume']);
    expect(actionsFor('approved', ['window_clerk']).map((s) => s.action)).toEqual(['certificate']);
    expect(actionsFor('certificate_issued', ['window_clerk', 'approver', 'leader'])).toEqual([]);
  });
});
