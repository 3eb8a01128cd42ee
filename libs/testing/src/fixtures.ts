import { randomInt } from 'node:crypto';
import { residentIdCheckCharacter } from '@yiti/contracts';
import type { RunningPlatform } from './harness';

export const DEMO_PASSWORD = 'Yiti@2026demo';
export const TEST_PASSWORD = 'Test-pass-2026';

/** The Authorization header of a bearer token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A valid GB 11643 resident ID number of a Taicang (320585) resident, random on every call, so a search finds only this run's applications. */
export function residentId(): string {
  const first17 = `32058519${60 + randomInt(30)}0${1 + randomInt(9)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

export async function login(platform: RunningPlatform, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await platform.http().post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export interface FreshCounty {
  countyCode: string;
  townA: string;
  townB: string;
  adminUsername: string;
  adminToken: string;
  adminOrganisationId: string;
}

/**
 * A new county with two towns and its own county admin, made through the API by the demo province
 * admin, so each spec works in a jurisdiction nobody else touches.
 */
export async function freshCounty(platform: RunningPlatform): Promise<FreshCounty> {
  const root = await login(platform, 'jiangsu.admin');
  const auth = { Authorization: `Bearer ${root}` };
  for (let attempt = 0; attempt < 50; attempt++) {
    const city = `32${String(randomInt(60, 100)).padStart(2, '0')}00`;
    const countyCode = `${city.slice(0, 4)}${String(randomInt(1, 100)).padStart(2, '0')}`;
    const cityRes = await platform.http().post('/api/v1/jurisdictions').set(auth).send({ code: city, name: `测试市${city}` });
    if (cityRes.status !== 201 && cityRes.body.code !== 'JURISDICTION_EXISTS') throw new Error(`city: ${JSON.stringify(cityRes.body)}`);
    const countyRes = await platform.http().post('/api/v1/jurisdictions').set(auth).send({ code: countyCode, name: `测试县${countyCode}` });
    if (countyRes.status === 409) continue;
    if (countyRes.status !== 201) throw new Error(`county: ${JSON.stringify(countyRes.body)}`);
    const townA = `${countyCode}101`;
    const townB = `${countyCode}102`;
    for (const [code, name] of [[townA, '甲镇'], [townB, '乙镇']]) {
      const res = await platform.http().post('/api/v1/jurisdictions').set(auth).send({ code, name });
      if (res.status !== 201) throw new Error(`town: ${JSON.stringify(res.body)}`);
    }
    const org = await platform.http().post('/api/v1/organisations').set(auth).send({ code: 'SPJ', name: '测试县行政审批局', kind: 'county_department', jurisdictionCode: countyCode });
    if (org.status !== 201) throw new Error(`org: ${JSON.stringify(org.body)}`);
    const adminUsername = `admin.${countyCode}`;
    const admin = await platform
      .http()
      .post('/api/v1/users')
      .set(auth)
      .send({ username: adminUsername, displayName: '县管理员', password: TEST_PASSWORD, organisationId: org.body.id, roles: ['county_admin'] });
    if (admin.status !== 201) throw new Error(`admin: ${JSON.stringify(admin.body)}`);
    const adminToken = await login(platform, adminUsername, TEST_PASSWORD);
    return { countyCode, townA, townB, adminUsername, adminToken, adminOrganisationId: org.body.id };
  }
  throw new Error('no free test county code left in 3260..3299: reset the test database');
}
