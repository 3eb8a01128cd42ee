import { getDeadLetter, listDeadLetters, replayDeadLetters, type DeadLetterView } from '@yiti/platform';
import type { OpsContext } from '../context';
import { OpsError } from '../output';
import { chooseServices, OPS_SERVICES, type OpsService } from '../services';

/** A dead letter is named `<service>:<id>` (ids are per service schema), as `dlq list` prints it. */
function parseRef(ref: string): { service: OpsService; id: string } {
  const match = /^([a-z][a-z0-9-]*):([0-9]{1,18})$/.exec(ref);
  if (!match) throw new OpsError(`"${ref}" is not a dead letter reference: use <service>:<id> as dlq list prints it (e.g. identity:42)`, 2);
  const service = OPS_SERVICES.find((s) => s.name === match[1]);
  if (!service) throw new OpsError(`unknown service "${match[1]}" in ${ref} (known: ${OPS_SERVICES.map((s) => s.name).join(', ')})`, 2);
  return { service, id: match[2] as string };
}

export async function dlqList(ctx: OpsContext, options: { service?: string[]; limit: number }): Promise<(DeadLetterView & { ref: string; service: string })[]> {
  const services = chooseServices(options.service);
  return ctx.withDatabase(async (ds) => {
    const all: (DeadLetterView & { ref: string; service: string })[] = [];
    for (const s of services) for (const d of await listDeadLetters(ds, s.schema, options.limit)) all.push({ ref: `${s.name}:${d.id}`, service: s.name, ...d });
    ctx.out.result({ deadLetters: all });
    ctx.out.table(null, all.map((d) => ({ ref: d.ref, consumer: d.consumer, subject: d.subject, deliveries: d.deliveries, since: d.createdAt, error: d.error.slice(0, 80) })));
    if (all.length === 0) ctx.out.line('no dead letters waiting');
    return all;
  });
}

export async function dlqShow(ctx: OpsContext, ref: string): Promise<Record<string, unknown>> {
  const { service, id } = parseRef(ref);
  return ctx.withDatabase(async (ds) => {
    const letter = await getDeadLetter(ds, service.schema, id);
    if (!letter) throw new OpsError(`no dead letter ${ref}: ${service.name} has none with id ${id} (see dlq list)`);
    ctx.out.result({ service: service.name, ...letter });
    ctx.out.table(null, Object.entries(letter).map(([field, value]) => ({ field, value: value instanceof Date ? value : value === null ? '' : String(value) })));
    return letter;
  });
}

/**
 * Puts the named dead letters (or every waiting one: --all) back on the event stream. Every named
 * one must exist and wait: an unknown or already replayed reference fails, and nothing is replayed.
 */
export async function dlqReplay(ctx: OpsContext, refs: string[], options: { all?: boolean; service?: string[] }): Promise<{ ref: string; outcome: string; error?: string }[]> {
  if (refs.length === 0 && !options.all) throw new OpsError('name the dead letters to replay (<service>:<id>, see dlq list) or --all', 2);
  if (refs.length > 0 && options.all) throw new OpsError('name dead letters or --all, not both', 2);
  const parsed = refs.map(parseRef);
  return ctx.withDatabase(async (ds) => {
    for (const { service, id } of parsed) {
      const letter = await getDeadLetter(ds, service.schema, id);
      if (!letter) throw new OpsError(`no dead letter ${service.name}:${id} (see dlq list); nothing replayed`);
      if (letter.replayedAt) throw new OpsError(`dead letter ${service.name}:${id} was replayed already at ${(letter.replayedAt as Date).toISOString()}; nothing replayed`);
    }
    const targets: { service: OpsService; ids: string[] | 'all' }[] = options.all
      ? chooseServices(options.service).map((service) => ({ service, ids: 'all' as const }))
      : [...new Set(parsed.map((p) => p.service))].map((service) => ({ service, ids: parsed.filter((p) => p.service === service).map((p) => p.id) }));
    const outcomes = await ctx.withNats(async (nc) => {
      const all: { ref: string; outcome: string; error?: string }[] = [];
      for (const t of targets) for (const o of await replayDeadLetters(ds, nc, t.service.schema, t.ids)) all.push({ ref: `${t.service.name}:${o.id}`, outcome: o.outcome, ...(o.error ? { error: o.error } : {}) });
      return all;
    });
    ctx.out.result({ replayed: outcomes });
    ctx.out.table(null, outcomes);
    if (outcomes.length === 0) throw new OpsError('no dead letters waiting: nothing replayed');
    const failed = outcomes.filter((o) => o.outcome !== 'republished');
    if (failed.length > 0) throw new OpsError(`${failed.length} of ${outcomes.length} not replayed: ${failed.map((f) => `${f.ref} ${f.outcome}${f.error ? ` (${f.error})` : ''}`).join('; ')}`);
    return outcomes;
  });
}
