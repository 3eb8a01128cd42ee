import { auditHash, GENESIS_HASH } from './audit-chain';
import { canonicalJson } from './canonical-json';

describe('canonical JSON and audit hashes', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('gives exactly the text it always gave (stored audit and request hashes depend on it)', () => {
    const value = { z: [1, undefined, null, 'x'], 'é': { b: new Date(0), a: '中文 "quoted"\n' }, Z: true, 10: 1.5, 9: -0, empty: {}, none: undefined, list: [] };
    expect(canonicalJson(value)).toBe('{"10":1.5,"9":0,"Z":true,"empty":{},"list":[],"z":[1,null,null,"x"],"é":{"a":"中文 \\"quoted\\"\\n","b":"1970-01-01T00:00:00.000Z"}}');
  });

  it('hashes equal records alike whatever their key order, and links to the previous hash', () => {
    const record = { countyCode: '320585', action: 'user.create', resourceType: 'user', resourceId: '1', jurisdictionCode: null, before: null, after: { b: 1, a: 2 }, actorId: null, actorRoles: [], actorOrganisationId: null, correlationId: null, occurredAt: '2026-11-26T01:00:00.000Z' };
    const reordered = { ...record, after: { a: 2, b: 1 } };
    expect(auditHash(GENESIS_HASH, record)).toBe(auditHash(GENESIS_HASH, reordered));
    expect(auditHash(GENESIS_HASH, record)).not.toBe(auditHash('f'.repeat(64), record));
    expect(auditHash(GENESIS_HASH, record)).not.toBe(auditHash(GENESIS_HASH, { ...record, action: 'user.delete' }));
  });
});
