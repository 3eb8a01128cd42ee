import { IsInt } from 'class-validator';
import { defineEvent, defineSubject, eventFilter } from './messages';

class Payload {
  @IsInt()
  n: number;
}

describe('message definitions', () => {
  it('names a subject by service, resource and action, and an event with its version', () => {
    expect(defineSubject('grid', 'grids', 'list', Payload).returns<number>().subject).toBe('yiti.v1.grid.grids.list');
    expect(defineEvent('identity', 'power.delegated', 1, Payload).subject).toBe('yiti.v1.events.identity.power.delegated.v1');
    expect(defineEvent('identity', 'power.delegated', 2, Payload).subject).toBe('yiti.v1.events.identity.power.delegated.v2');
  });

  it('matches its own type, and an unversioned type only as version 1', () => {
    const v1 = defineEvent('identity', 'power.delegated', 1, Payload);
    const v2 = defineEvent('identity', 'power.delegated', 2, Payload);
    expect(v1.matches('yiti.v1.events.identity.power.delegated.v1')).toBe(true);
    expect(v1.matches('yiti.v1.events.identity.power.delegated')).toBe(true);
    expect(v2.matches('yiti.v1.events.identity.power.delegated')).toBe(false);
    expect(v1.matches('yiti.v1.events.identity.power.delegated.v2')).toBe(false);
  });

  it('filters a consumer by the narrowest subject that catches all its events', () => {
    const delegated = defineEvent('identity', 'power.delegated', 1, Payload);
    const revoked = defineEvent('identity', 'power.revoked', 1, Payload);
    const calendar = defineEvent('identity', 'calendar.updated', 1, Payload);
    const granted = defineEvent('approval-window', 'approval.granted', 1, Payload);
    expect(eventFilter([delegated])).toBe(delegated.subject);
    expect(eventFilter([delegated, revoked])).toBe('yiti.v1.events.identity.power.>');
    expect(eventFilter([delegated, calendar])).toBe('yiti.v1.events.identity.>');
    expect(eventFilter([delegated, granted])).toBe('yiti.v1.events.>');
    expect(() => eventFilter([])).toThrow();
  });
});
