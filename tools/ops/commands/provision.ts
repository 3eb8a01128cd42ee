import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NatsConnection } from 'nats';
import {
  AUTHORITY_SUBJECTS,
  GRID_SUBJECTS,
  IDENTITY_SUBJECTS,
  countyOf,
  type Actor,
  type GridFeatureCollection,
  type OrganisationKind,
  type OrganisationView,
  type Role,
  type SubjectDefinition,
} from '@yiti/contracts';
import { DomainException, ServiceClient, type BaseServiceConfig } from '@yiti/platform';
import type { OpsContext } from '../context';
import { OpsError } from '../output';

/** county.json: the county, every jurisdiction to exist (parents first; those present are left alone), the catalog version it uses. */
export interface CountyFile {
  county: { code: string; name: string };
  jurisdictions: { code: string; name: string }[];
  /** Code of a catalog version identity knows (e.g. JS-SAMPLE); optional. */
  catalogVersion?: string;
}
/** organisations.json, parents before children (parentCode: an organisation of the file or present). */
export type OrganisationsFile = { code: string; name: string; kind: OrganisationKind; jurisdictionCode: string; parentCode?: string }[];
/** users.json: each user's organisation by code; a one-time password is made for each new user. */
export type UsersFile = { username: string; displayName: string; organisationCode: string; roles: Role[]; jurisdictionCode?: string }[];

export interface ProvisionChange {
  kind: 'jurisdiction' | 'organisation' | 'user' | 'grid' | 'catalog';
  key: string;
  change: 'created' | 'unchanged' | 'set' | 'would create' | 'would set';
}

/** The operator acting through the services: audited as system:yiti-ops, an administrator of the county's province. */
export function provisioningActor(countyCode: string): Actor {
  return { userId: 'system:yiti-ops', username: 'yiti-ops', roles: ['province_admin', 'county_admin', 'leader'], organisationId: '', jurisdictionCode: `${countyCode.slice(0, 2)}0000` };
}

async function readJson<T>(dir: string, name: string, required: boolean): Promise<T | null> {
  const path = join(dir, name);
  if (!existsSync(path)) {
    if (required) throw new OpsError(`${path} is missing (see deploy/provision-sample)`, 2);
    return null;
  }
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    throw new OpsError(`${path} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

/** A password the identity policy accepts (letters and digits, 20 characters), from the system's random source. */
function oneTimePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  chars[0] = 'k';
  chars[1] = '7';
  return chars.join('');
}

class Services {
  private readonly client: ServiceClient;

  constructor(
    nc: NatsConnection,
    prefix: string,
    private readonly actor: Actor,
  ) {
    this.client = new ServiceClient(nc, { NATS_SUBJECT_PREFIX: prefix, RPC_TIMEOUT_MS: 15000 } as BaseServiceConfig);
  }

  async ask<Req, Res>(definition: SubjectDefinition<Req, Res>, data: Req): Promise<Res> {
    try {
      return await this.client.request(definition, data, { actor: this.actor });
    } catch (error) {
      if (error instanceof DomainException) throw new OpsError(`${definition.subject}: ${error.code} ${error.message}`);
      throw error;
    }
  }

  /** The answer, or null when the service says the thing does not exist. */
  async find<Req, Res>(definition: SubjectDefinition<Req, Res>, data: Req, notFound: string[]): Promise<Res | null> {
    try {
      return await this.client.request(definition, data, { actor: this.actor });
    } catch (error) {
      if (error instanceof DomainException && notFound.includes(error.code)) return null;
      if (error instanceof DomainException) throw new OpsError(`${definition.subject}: ${error.code} ${error.message}`);
      throw error;
    }
  }
}

/**
 * Sets up a county from files, through the services' own subjects (identity, grid) as the system
 * actor, never into their schemas: every change is validated, audited and emitted as the services do.
 * Idempotent: what exists (by code, username) is left alone, so a second run changes nothing.
 * New users get one-time passwords, written only to a file of mode 0600.
 */
export async function provisionCounty(ctx: OpsContext, options: { from: string; dryRun?: boolean; passwords: string }): Promise<ProvisionChange[]> {
  const dir = resolve(options.from);
  if (!existsSync(dir)) throw new OpsError(`no directory ${dir}`, 2);
  const county = (await readJson<CountyFile>(dir, 'county.json', true)) as CountyFile;
  if (!county.county?.code || countyOf(county.county.code) !== county.county.code) throw new OpsError(`county.json: county.code must be a 6-digit county code`, 2);
  const organisations = (await readJson<OrganisationsFile>(dir, 'organisations.json', false)) ?? [];
  const users = (await readJson<UsersFile>(dir, 'users.json', false)) ?? [];
  const gridDir = join(dir, 'grids');
  const gridFiles = existsSync(gridDir) ? (await readdir(gridDir)).filter((n) => /^\d{9}\.geojson$/.test(n)).sort() : [];
  const countyCode = county.county.code;
  const outside = [
    ...county.jurisdictions.filter((j) => j.code.length > 6 && !j.code.startsWith(countyCode)).map((j) => j.code),
    ...organisations.filter((o) => o.jurisdictionCode.length > 6 && !o.jurisdictionCode.startsWith(countyCode)).map((o) => o.code),
  ];
  if (outside.length > 0) throw new OpsError(`outside county ${countyCode}: ${outside.join(', ')}`, 2);
  const dry = Boolean(options.dryRun);
  const changes: ProvisionChange[] = [];
  const passwords: string[] = [];

  await ctx.withNats(async (nc) => {
    const svc = new Services(nc, ctx.subjectPrefix(), provisioningActor(countyCode));
    const progress = ctx.out.progress('provision', county.jurisdictions.length + organisations.length + users.length + gridFiles.length + 1);
    try {
      const jurisdictions = [...county.jurisdictions];
      if (!jurisdictions.some((j) => j.code === countyCode)) jurisdictions.unshift(county.county);
      const known = new Set<string>();
      for (const j of jurisdictions) {
        const found = await svc.find(IDENTITY_SUBJECTS.getJurisdiction, { code: j.code }, ['JURISDICTION_NOT_FOUND']);
        if (found || known.has(j.code)) changes.push({ kind: 'jurisdiction', key: j.code, change: 'unchanged' });
        else if (dry) changes.push({ kind: 'jurisdiction', key: j.code, change: 'would create' });
        else {
          await svc.ask(IDENTITY_SUBJECTS.createJurisdiction, { code: j.code, name: j.name });
          changes.push({ kind: 'jurisdiction', key: j.code, change: 'created' });
        }
        known.add(j.code);
        progress.increment();
      }

      // Organisations by code: identity lists them per jurisdiction (bounded pages).
      const orgIds = new Map<string, string>();
      const present = async (jurisdictionCode: string): Promise<OrganisationView[]> => {
        if (!known.has(jurisdictionCode) && dry) return [];
        const all: OrganisationView[] = [];
        for (let page = 1; page <= 50; page++) {
          const p = await svc.ask(IDENTITY_SUBJECTS.listOrganisations, { jurisdictionCode, page, pageSize: 100 });
          all.push(...p.items);
          if (p.items.length < p.pageSize) break;
        }
        return all;
      };
      const byJurisdiction = new Map<string, OrganisationView[]>();
      for (const o of organisations) {
        if (!byJurisdiction.has(o.jurisdictionCode)) byJurisdiction.set(o.jurisdictionCode, await present(o.jurisdictionCode));
        const existing = byJurisdiction.get(o.jurisdictionCode)?.find((e) => e.code === o.code);
        if (existing) {
          orgIds.set(o.code, existing.id);
          changes.push({ kind: 'organisation', key: o.code, change: 'unchanged' });
        } else if (dry) {
          orgIds.set(o.code, `(new ${o.code})`);
          changes.push({ kind: 'organisation', key: o.code, change: 'would create' });
        } else {
          const parentId = o.parentCode ? orgIds.get(o.parentCode) : undefined;
          if (o.parentCode && !parentId) throw new OpsError(`organisations.json: ${o.code}'s parent ${o.parentCode} is not listed before it`, 2);
          const created = await svc.ask(IDENTITY_SUBJECTS.createOrganisation, { code: o.code, name: o.name, kind: o.kind, jurisdictionCode: o.jurisdictionCode, ...(parentId ? { parentId } : {}) });
          orgIds.set(o.code, created.id);
          changes.push({ kind: 'organisation', key: o.code, change: 'created' });
        }
        progress.increment();
      }

      for (const u of users) {
        const organisationId = orgIds.get(u.organisationCode);
        if (!organisationId) throw new OpsError(`users.json: ${u.username}'s organisation ${u.organisationCode} is not in organisations.json`, 2);
        const matches = await svc.ask(IDENTITY_SUBJECTS.listUsers, { q: u.username, pageSize: 100 });
        if (matches.items.some((m) => m.username === u.username)) changes.push({ kind: 'user', key: u.username, change: 'unchanged' });
        else if (dry) changes.push({ kind: 'user', key: u.username, change: 'would create' });
        else {
          const password = oneTimePassword();
          // A one-time password: the user sets their own at first sign-in (首次登录须修改密码).
          await svc.ask(IDENTITY_SUBJECTS.createUser, { username: u.username, displayName: u.displayName, password, organisationId, roles: u.roles, requirePasswordChange: true, ...(u.jurisdictionCode ? { jurisdictionCode: u.jurisdictionCode } : {}) });
          passwords.push(`${u.username}\t${password}`);
          changes.push({ kind: 'user', key: u.username, change: 'created' });
        }
        progress.increment();
      }

      // Grids: only the codes not present yet are imported (a grid present is left as it is).
      for (const file of gridFiles) {
        const townCode = file.slice(0, 9);
        const collection = JSON.parse(await readFile(join(gridDir, file), 'utf8')) as GridFeatureCollection;
        const missing = [];
        for (const feature of collection.features ?? []) {
          const code = feature.properties?.code;
          const found = await svc.find(GRID_SUBJECTS.getGrid, { code }, ['GRID_NOT_FOUND']);
          if (found) changes.push({ kind: 'grid', key: code, change: 'unchanged' });
          else missing.push(feature);
        }
        if (missing.length > 0 && dry) for (const f of missing) changes.push({ kind: 'grid', key: f.properties.code, change: 'would create' });
        else if (missing.length > 0) {
          const result = await svc.ask(GRID_SUBJECTS.importGrids, { townCode, grids: { ...collection, features: missing } });
          for (const code of result.codes) changes.push({ kind: 'grid', key: code, change: 'created' });
        }
        progress.increment();
      }

      if (county.catalogVersion) {
        const versions = await svc.ask(AUTHORITY_SUBJECTS.listCatalogVersions, {} as never);
        const version = versions.find((v) => v.code === county.catalogVersion);
        if (!version) throw new OpsError(`county.json: catalog version ${county.catalogVersion} unknown (identity has: ${versions.map((v) => v.code).join(', ') || 'none'})`, 2);
        const current = known.has(countyCode) ? await svc.find(AUTHORITY_SUBJECTS.getCountyCatalog, { countyCode }, ['COUNTY_CATALOG_NOT_SET']) : null;
        if (current?.version.id === version.id) changes.push({ kind: 'catalog', key: `${countyCode} → ${version.code}`, change: 'unchanged' });
        else if (dry) changes.push({ kind: 'catalog', key: `${countyCode} → ${version.code}`, change: 'would set' });
        else {
          await svc.ask(AUTHORITY_SUBJECTS.setCountyCatalog, { countyCode, versionId: version.id });
          changes.push({ kind: 'catalog', key: `${countyCode} → ${version.code}`, change: 'set' });
        }
      }
      progress.increment();
    } finally {
      progress.stop();
      if (passwords.length > 0) {
        // Only the operator reads it: created 0600, and made so again if it existed.
        const file = resolve(options.passwords);
        await writeFile(file, `# one-time passwords of the users created ${new Date().toISOString()}: hand each over in person, then delete this file\n${passwords.join('\n')}\n`, { mode: 0o600, flag: 'a' });
        await chmod(file, 0o600);
      }
    }
  });

  const changed = changes.filter((c) => c.change !== 'unchanged');
  const summary = { county: countyCode, dryRun: dry, changed: changed.length, unchanged: changes.length - changed.length, passwordsFile: passwords.length > 0 ? resolve(options.passwords) : null, changes };
  ctx.out.result(summary);
  ctx.out.table(null, changed.length > 0 ? changed : [], ['kind', 'key', 'change']);
  ctx.out.line(
    changed.length === 0
      ? `nothing to change: county ${countyCode} is provisioned as the files say (${changes.length} items already present)`
      : `${dry ? 'would change' : 'changed'} ${changed.length}, unchanged ${changes.length - changed.length}${passwords.length > 0 ? `; one-time passwords of ${passwords.length} new users in ${resolve(options.passwords)} (mode 0600)` : ''}`,
  );
  return changes;
}
