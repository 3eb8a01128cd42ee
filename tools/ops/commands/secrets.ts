import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_PERSONAL_DATA_SUITE, PERSONAL_DATA_SUITES, PersonalDataProtector, weakKeyReason, type PersonalDataRotationResult, type PersonalDataSuiteName } from '@yiti/platform';
import type { OpsContext } from '../context';
import { OpsError } from '../output';

export const SECRET_KINDS = ['jwt', 'personal-data', 'audit'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** A new key: 48 random bytes, base64 (≈ 384 bits; the services' strength check accepts it). */
export function newKey(): string {
  const key = randomBytes(48).toString('base64');
  if (weakKeyReason(key) !== null) return newKey(); // astronomically unlikely; never hand out a refused key
  return key;
}

const listOf = (value: string | undefined) => (value ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');

export interface RotationPlan {
  kind: SecretKind;
  /** Where the new settings were written (mode 0600), per service group. */
  file: string;
  /** Variable names set in the file (values only in the file). */
  variables: Record<string, string[]>;
  steps: string[];
}

/**
 * Rotating a key is a change to the deployment's secrets (compose's deploy/.env, the Kubernetes
 * Secret), which this CLI cannot make: it makes the new key, writes the settings to set into a file
 * only the operator reads (0600; never to the terminal or a log) and tells the steps. The current
 * keys come from this environment. `personal-data --apply` then re-encrypts the stored personal data
 * under the new key (run it with the new settings, once approval-window runs with them).
 */
export async function rotateSecret(ctx: OpsContext, kind: string, options: { apply?: boolean; out?: string }): Promise<RotationPlan | PersonalDataRotationResult> {
  if (!(SECRET_KINDS as readonly string[]).includes(kind)) throw new OpsError(`unknown key "${kind}": one of ${SECRET_KINDS.join(', ')}`, 2);
  if (options.apply) {
    if (kind !== 'personal-data') throw new OpsError('--apply is for personal-data only (the other keys take effect when the services restart with them)', 2);
    return applyPersonalDataRotation(ctx);
  }
  if (!options.out) throw new OpsError('--out <file> is required: the new key is written there (mode 0600), never to the terminal', 2);
  const file = resolve(options.out);
  if (existsSync(file)) throw new OpsError(`${file} exists: name a new file (an earlier rotation's keys are not overwritten)`, 2);
  const key = newKey();
  let settings: Record<string, Record<string, string>>;
  let steps: string[];
  switch (kind as SecretKind) {
    case 'jwt': {
      const current = ctx.required('JWT_SECRET', 'the current token key: the gateway keeps accepting it during the overlap');
      settings = { identity: { JWT_SECRET: key }, gateway: { JWT_SECRET: key, JWT_PREVIOUS_SECRETS: current } };
      steps = [
        'set the gateway\'s JWT_SECRET and JWT_PREVIOUS_SECRETS as in the file, restart the gateway (it accepts tokens under both keys)',
        'set identity\'s JWT_SECRET, restart identity (new tokens are signed with the new key)',
        'after ACCESS_TOKEN_TTL_SECONDS (900 s by default) remove JWT_PREVIOUS_SECRETS from the gateway and restart it',
      ];
      break;
    }
    case 'audit': {
      const current = ctx.required('AUDIT_MAC_KEY', 'the current audit key: its seals must still verify');
      settings = { 'every service': { AUDIT_MAC_KEY: key, AUDIT_MAC_PREVIOUS_KEYS: [current, ...listOf(ctx.env.AUDIT_MAC_PREVIOUS_KEYS)].join(',') } };
      steps = [
        'set AUDIT_MAC_KEY and AUDIT_MAC_PREVIOUS_KEYS on every service and the migrate job as in the file, restart every service',
        'give the previous keys to the auditor as well; keep them for as long as the audit trail must be verifiable',
        'yiti-ops audit verify --all (with the new settings): every chain stays valid',
      ];
      break;
    }
    case 'personal-data': {
      const current = ctx.required('PERSONAL_DATA_KEY', 'the current personal data key: it still reads what is stored until the rotation is applied');
      settings = { 'approval-window': { PERSONAL_DATA_KEY: key, PERSONAL_DATA_PREVIOUS_KEYS: [current, ...listOf(ctx.env.PERSONAL_DATA_PREVIOUS_KEYS)].join(',') } };
      steps = [
        'set PERSONAL_DATA_KEY and PERSONAL_DATA_PREVIOUS_KEYS on approval-window and the migrate job as in the file, restart approval-window',
        'yiti-ops secrets rotate personal-data --apply (with the new settings): re-encrypts every row under the new key; repeat until it reports 0 failed',
        'then remove the old key from PERSONAL_DATA_PREVIOUS_KEYS and restart approval-window',
      ];
      break;
    }
  }
  const body = Object.entries(settings)
    .map(([who, vars]) => `# ${who}\n${Object.entries(vars).map(([name, value]) => `${name}=${value}`).join('\n')}`)
    .join('\n\n');
  await writeFile(file, `# yiti-ops secrets rotate ${kind}, ${new Date().toISOString()}: secret, delete once applied\n${body}\n`, { mode: 0o600, flag: 'wx' });
  const plan: RotationPlan = { kind: kind as SecretKind, file, variables: Object.fromEntries(Object.entries(settings).map(([who, vars]) => [who, Object.keys(vars)])), steps };
  ctx.out.result(plan);
  ctx.out.line(`new ${kind} key and the settings to set written to ${file} (mode 0600)`);
  ctx.out.table(null, steps.map((step, i) => ({ step: i + 1, do: step })));
  return plan;
}

async function applyPersonalDataRotation(ctx: OpsContext): Promise<PersonalDataRotationResult> {
  const key = ctx.required('PERSONAL_DATA_KEY', 'the new personal data key (after rotate personal-data --out)');
  const previous = listOf(ctx.env.PERSONAL_DATA_PREVIOUS_KEYS);
  const suite = (ctx.env.PERSONAL_DATA_SUITE || DEFAULT_PERSONAL_DATA_SUITE) as PersonalDataSuiteName;
  if (!(PERSONAL_DATA_SUITES as readonly string[]).includes(suite)) throw new OpsError(`PERSONAL_DATA_SUITE must be one of ${PERSONAL_DATA_SUITES.join(', ')}`, 2);
  const { rotatePersonalData } = await import('@yiti/approval-window-service');
  const result = await ctx.withDatabase((ds) => rotatePersonalData(ds, new PersonalDataProtector(key, previous, { suite }), { actorId: 'system:yiti-ops' }));
  ctx.out.result(result);
  ctx.out.table(null, [{ table: result.table, key: result.kid, suite: result.suite, scanned: result.scanned, rotated: result.rotated, failed: result.failed }]);
  if (result.failed > 0) throw new OpsError(`${result.failed} rows open under no configured key (ids: ${result.failedIds.slice(0, 10).join(', ')}…): keep the previous keys and find the one they were written under`);
  ctx.out.line(result.scanned === 0 ? 'nothing to rotate: every row is under the current key and suite' : `rotated ${result.rotated} rows`);
  return result;
}
