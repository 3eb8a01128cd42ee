import { BACKEND_SERVICES } from '@yiti/testing';
import { OPS_SERVICES } from './services';

describe('the services yiti-ops knows', () => {
  it('are the gateway and every service behind it (doctor, migrate and backup cover each)', () => {
    expect(OPS_SERVICES.map((s) => s.name).sort()).toEqual(['gateway', ...BACKEND_SERVICES.map((s) => s.name)].sort());
    for (const s of BACKEND_SERVICES) expect(OPS_SERVICES.find((o) => o.name === s.name)?.schema).toBe(s.schema);
  });
});
