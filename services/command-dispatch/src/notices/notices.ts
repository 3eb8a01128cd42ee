import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  GRID_LOOKUP_SUBJECTS,
  type Actor,
  type CreateNoticeRequest,
  type ListNoticesQuery,
  type NoticeChannelView,
  type NoticeCriteria,
  type TargetedNoticeKind,
  type NoticeState,
  type NoticeStatisticsQuery,
  type NoticeStatisticsView,
  type TargetedNoticeView,
  type Page,
  type RecordReferralRequest,
  type ReferralView,
  type Role,
  type SetNoticeChannelRequest,
} from '@yiti/contracts';
import { systemActor } from '@yiti/authority-client';
import { assertRole, assertWithin, DomainException, jurisdictionPattern, PLATFORM_OPTIONS, readSqlPage, ServiceClient, UnitOfWork, visibleOr404, type PlatformModuleOptions } from '@yiti/platform';
import { periodOf } from '../assessment/assessment';
import { criteriaProblems, recipientKindOf, smsMessage } from './notice-rules';
import { postToWebhook } from './sms-webhook';

export const NOTICE_PUBLISHERS: Role[] = ['dispatcher', 'commander', 'county_admin', 'leader'];
export const REFERRAL_RECORDERS: Role[] = ['dispatcher', 'commander', 'leader', 'grid_worker'];
export const CHANNEL_ADMINS: Role[] = ['county_admin'];

/** Recipients selected per page from the grid, and messages posted at once. */
const SELECT_PAGE = 1_000;
const SEND_CONCURRENCY = 8;

interface NoticeRow {
  id: string;
  county_code: string;
  jurisdiction_code: string;
  kind: TargetedNoticeKind;
  title: string;
  text: string;
  postings: number;
  criteria: NoticeCriteria;
  recipient_kind: 'household' | 'resident';
  status: NoticeState;
  created_by: string;
  created_at: Date;
}

interface Counts {
  recipients: number;
  sent: number;
  failed: number;
  notSent: number;
  referrals: number;
}

const noCounts: Counts = { recipients: 0, sent: 0, failed: 0, notSent: 0, referrals: 0 };

const toView = (r: NoticeRow, c: Counts): TargetedNoticeView => ({
  id: r.id,
  countyCode: r.county_code,
  jurisdictionCode: r.jurisdiction_code,
  kind: r.kind,
  title: r.title,
  text: r.text,
  postings: r.postings,
  criteria: r.criteria,
  recipientKind: r.recipient_kind,
  status: r.status,
  ...c,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

const notFound = (id: string) => ({ code: 'TARGETED_NOTICE_NOT_FOUND' as const, detail: `推送 ${id} 不存在 Notice ${id} not found` });

/**
 * 精准推送 Targeted notices: a county or town publishes a notice to the households (or, once the grid
 * keeps them, residents) its criteria select in the grid's base data; each recipient gets exactly one
 * delivery row (notice, recipient), sent through the county's SMS webhook if a county admin enabled
 * one (else recorded as not sent: nothing leaves by default); referrals (推荐就业) are recorded per
 * recipient and posting; counts per period come from these rows.
 */
@Injectable()
export class Notices {
  private readonly logger = new Logger(Notices.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly client: ServiceClient,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformModuleOptions,
  ) {}

  async setChannel(actor: Actor, request: SetNoticeChannelRequest): Promise<NoticeChannelView> {
    assertRole(actor, CHANNEL_ADMINS, '设置短信通道 Setting the SMS channel');
    assertWithin(actor, request.countyCode);
    return this.uow.run(async (tx) => {
      const before: { webhook_url: string; enabled: boolean }[] = await tx.em.query(`SELECT webhook_url, enabled FROM command_dispatch.notice_channel WHERE county_code = $1 FOR UPDATE`, [request.countyCode]);
      const [row]: { updated_at: Date }[] = await tx.em.query(
        `INSERT INTO command_dispatch.notice_channel (county_code, webhook_url, enabled, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (county_code) DO UPDATE SET webhook_url = EXCLUDED.webhook_url, enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now() RETURNING updated_at`,
        [request.countyCode, request.webhookUrl, request.enabled, actor.userId],
      );
      const view = { countyCode: request.countyCode, webhookUrl: request.webhookUrl, enabled: request.enabled, updatedAt: new Date(row.updated_at).toISOString() };
      tx.audit({ countyCode: request.countyCode, jurisdictionCode: request.countyCode, action: 'notice_channel.set', resourceType: 'notice_channel', resourceId: request.countyCode, before: before[0] ?? null, after: view });
      return view;
    });
  }

  async create(actor: Actor, request: CreateNoticeRequest): Promise<TargetedNoticeView> {
    assertRole(actor, NOTICE_PUBLISHERS, '发布推送 Publishing a notice');
    assertWithin(actor, request.jurisdictionCode);
    const problems = criteriaProblems(request.criteria, request.jurisdictionCode);
    if (problems.length) throw new DomainException('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems.map((p) => ({ field: p.field, messages: [p.message] })));
    const recipientKind = recipientKindOf(request.criteria);
    if (recipientKind === 'resident') {
      throw new DomainException('NOTICE_RESIDENT_CRITERIA_UNAVAILABLE', '网格服务尚未提供居民基础数据,暂只能按网格和户标记选择推送对象 The grid keeps no residents yet: select by grid and household flags', [
        { field: request.criteria.ageBand ? 'criteria.ageBand' : 'criteria.residentFlags', messages: ['needs resident base data in the grid service'] },
      ]);
    }
    const row: NoticeRow = {
      id: randomUUID(),
      county_code: request.jurisdictionCode.slice(0, 6),
      jurisdiction_code: request.jurisdictionCode,
      kind: request.kind,
      title: request.title.trim(),
      text: request.text.trim(),
      postings: request.postings ?? 0,
      criteria: request.criteria,
      recipient_kind: recipientKind,
      status: 'draft',
      created_by: actor.userId,
      created_at: new Date(),
    };
    return this.uow.run(async (tx) => {
      await tx.em.query(
        `INSERT INTO command_dispatch.notice (id, county_code, jurisdiction_code, kind, title, text, postings, criteria, recipient_kind, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11)`,
        [row.id, row.county_code, row.jurisdiction_code, row.kind, row.title, row.text, row.postings, JSON.stringify(row.criteria), row.recipient_kind, row.created_by, row.created_at],
      );
      const view = toView(row, noCounts);
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.jurisdiction_code, action: 'notice.create', resourceType: 'notice', resourceId: row.id, after: view });
      return view;
    });
  }

  private async find(actor: Actor, id: string): Promise<NoticeRow> {
    const rows: NoticeRow[] = await this.dataSource.query(`SELECT * FROM command_dispatch.notice WHERE id = $1`, [id]);
    return visibleOr404(actor, rows[0], (r) => r.jurisdiction_code, notFound(id));
  }

  private async counts(ids: string[]): Promise<Map<string, Counts>> {
    const result = new Map<string, Counts>();
    if (!ids.length) return result;
    const rows: { notice_id: string; recipients: string; sent: string; failed: string; not_sent: string }[] = await this.dataSource.query(
      `SELECT notice_id, count(*) AS recipients, count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status = 'failed') AS failed, count(*) FILTER (WHERE status = 'not_sent') AS not_sent
       FROM command_dispatch.notice_delivery WHERE notice_id = ANY($1::uuid[]) GROUP BY notice_id`,
      [ids],
    );
    const referrals: { notice_id: string; n: string }[] = await this.dataSource.query(`SELECT notice_id, count(*) AS n FROM command_dispatch.referral WHERE notice_id = ANY($1::uuid[]) GROUP BY notice_id`, [ids]);
    for (const id of ids) result.set(id, { ...noCounts });
    for (const r of rows) Object.assign(result.get(r.notice_id) as Counts, { recipients: Number(r.recipients), sent: Number(r.sent), failed: Number(r.failed), notSent: Number(r.not_sent) });
    for (const r of referrals) (result.get(r.notice_id) as Counts).referrals = Number(r.n);
    return result;
  }

  async get(actor: Actor, id: string): Promise<TargetedNoticeView> {
    const row = await this.find(actor, id);
    return toView(row, (await this.counts([id])).get(id) ?? noCounts);
  }

  async list(actor: Actor, query: ListNoticesQuery): Promise<Page<TargetedNoticeView>> {
    const params: unknown[] = [jurisdictionPattern(actor)];
    let where = 'jurisdiction_code LIKE $1';
    if (query.kind) {
      params.push(query.kind);
      where += ` AND kind = $${params.length}`;
    }
    const page = await readSqlPage<NoticeRow>(this.dataSource, { columns: '*', from: 'command_dispatch.notice', where, order: 'created_at DESC, id DESC' }, params, query);
    const counts = await this.counts(page.items.map((r) => r.id));
    return { ...page, items: page.items.map((r) => toView(r, counts.get(r.id) ?? noCounts)) };
  }

  /** Starts the delivery (draft → delivering) and answers at once; the job runs after. A delivered notice is 409. */
  async deliver(actor: Actor, id: string): Promise<TargetedNoticeView> {
    assertRole(actor, NOTICE_PUBLISHERS, '推送 Delivering a notice');
    const row = await this.find(actor, id);
    assertWithin(actor, row.jurisdiction_code);
    if (row.status === 'delivered') throw new DomainException('NOTICE_ALREADY_DELIVERED', `推送 ${id} 已发出 The notice was delivered already`);
    const started = await this.uow.run(async (tx) => {
      const [updated]: [NoticeRow[]] = await tx.em.query(`UPDATE command_dispatch.notice SET status = 'delivering' WHERE id = $1 AND status = 'draft' RETURNING *`, [id]);
      if (!updated.length) return null;
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.jurisdiction_code, action: 'notice.deliver', resourceType: 'notice', resourceId: id, before: { status: 'draft' }, after: { status: 'delivering' } });
      return updated[0];
    });
    const current = started ?? (await this.find(actor, id));
    if (started) void this.run(started);
    return toView(current, (await this.counts([id])).get(id) ?? noCounts);
  }

  /** The delivery job: recipients recorded (one row each), then each pending one sent once. */
  async run(notice: NoticeRow): Promise<void> {
    try {
      const actor = systemActor(this.platform.serviceName, notice.jurisdiction_code);
      let afterId: string | undefined;
      for (;;) {
        const { items } = await this.client.request(
          GRID_LOOKUP_SUBJECTS.selectHouseholds,
          { jurisdictionCode: notice.jurisdiction_code, gridCodes: notice.criteria.gridCodes, flags: notice.criteria.householdFlags, afterId, limit: SELECT_PAGE },
          { actor, timeoutMs: 30_000 },
        );
        if (!items.length) break;
        await this.dataSource.query(
          `INSERT INTO command_dispatch.notice_delivery (notice_id, recipient_id, recipient_kind, town_code, grid_code, status)
           SELECT $1, r, 'household', t, g, 'pending' FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(r, t, g) ON CONFLICT DO NOTHING`,
          [notice.id, items.map((h) => h.id), items.map((h) => h.townCode), items.map((h) => h.gridCode)],
        );
        afterId = items[items.length - 1].id;
        if (items.length < SELECT_PAGE) break;
      }
      const channels: { webhook_url: string; enabled: boolean }[] = await this.dataSource.query(`SELECT webhook_url, enabled FROM command_dispatch.notice_channel WHERE county_code = $1`, [notice.county_code]);
      const url = channels[0]?.enabled ? channels[0].webhook_url : null;
      if (!url) {
        await this.dataSource.query(`UPDATE command_dispatch.notice_delivery SET status = 'not_sent', reason = 'no outbound channel enabled' WHERE notice_id = $1 AND status = 'pending'`, [notice.id]);
      } else {
        for (;;) {
          const pending: { recipient_id: string; grid_code: string }[] = await this.dataSource.query(`SELECT recipient_id, grid_code FROM command_dispatch.notice_delivery WHERE notice_id = $1 AND status = 'pending' ORDER BY recipient_id LIMIT ${SELECT_PAGE}`, [notice.id]);
          if (!pending.length) break;
          let next = 0;
          await Promise.all(
            Array.from({ length: Math.min(SEND_CONCURRENCY, pending.length) }, async () => {
              while (next < pending.length) {
                const d = pending[next++];
                const outcome = await postToWebhook(url, smsMessage(notice.id, { kind: 'household', id: d.recipient_id, gridCode: d.grid_code }, notice.text));
                await this.dataSource.query(
                  `UPDATE command_dispatch.notice_delivery SET status = $3, reason = $4, attempts = attempts + 1, sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE NULL END WHERE notice_id = $1 AND recipient_id = $2 AND status = 'pending'`,
                  [notice.id, d.recipient_id, outcome.ok ? 'sent' : 'failed', outcome.ok ? null : outcome.reason],
                );
              }
            }),
          );
        }
      }
      const counts = (await this.counts([notice.id])).get(notice.id) ?? noCounts;
      await this.uow.run(async (tx) => {
        await tx.em.query(`UPDATE command_dispatch.notice SET status = 'delivered', delivered_at = now() WHERE id = $1`, [notice.id]);
        tx.audit({ countyCode: notice.county_code, jurisdictionCode: notice.jurisdiction_code, action: 'notice.delivered', resourceType: 'notice', resourceId: notice.id, before: { status: 'delivering' }, after: { status: 'delivered', ...counts } });
      });
    } catch (error) {
      // The notice stays delivering; delivering it again is refused, the rows show where it stopped.
      this.logger.error({ noticeId: notice.id, error: error instanceof Error ? error.message : String(error) }, 'notice delivery failed');
    }
  }

  async recordReferral(actor: Actor, request: RecordReferralRequest): Promise<ReferralView> {
    assertRole(actor, REFERRAL_RECORDERS, '登记推荐就业 Recording a referral');
    const notice = await this.find(actor, request.noticeId);
    const delivered: unknown[] = await this.dataSource.query(`SELECT 1 FROM command_dispatch.notice_delivery WHERE notice_id = $1 AND recipient_id = $2`, [request.noticeId, request.recipientId]);
    if (!delivered.length) throw new DomainException('NOTICE_RECIPIENT_UNKNOWN', `对象 ${request.recipientId} 不在推送 ${request.noticeId} 的对象中 Not a recipient of the notice`, [{ field: 'recipientId', messages: ['not a recipient of this notice'] }]);
    return this.uow.run(async (tx) => {
      const id = randomUUID();
      const inserted: { id: string; created_at: Date }[] = await tx.em.query(
        `INSERT INTO command_dispatch.referral (id, notice_id, recipient_id, posting_ref, jurisdiction_code, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (notice_id, recipient_id, posting_ref) DO NOTHING RETURNING id, created_at`,
        [id, request.noticeId, request.recipientId, request.postingRef, notice.jurisdiction_code, actor.userId],
      );
      if (!inserted.length) {
        const [existing]: { id: string; created_at: Date }[] = await tx.em.query(`SELECT id, created_at FROM command_dispatch.referral WHERE notice_id = $1 AND recipient_id = $2 AND posting_ref = $3`, [request.noticeId, request.recipientId, request.postingRef]);
        return { id: existing.id, noticeId: request.noticeId, recipientId: request.recipientId, postingRef: request.postingRef, createdAt: new Date(existing.created_at).toISOString() };
      }
      const view = { id, noticeId: request.noticeId, recipientId: request.recipientId, postingRef: request.postingRef, createdAt: new Date(inserted[0].created_at).toISOString() };
      tx.audit({ countyCode: notice.county_code, jurisdictionCode: notice.jurisdiction_code, action: 'referral.record', resourceType: 'referral', resourceId: id, after: view });
      return view;
    });
  }

  /** 统计: notices published, messages sent, postings and referrals in the period, within the jurisdiction. */
  async statistics(actor: Actor, query: NoticeStatisticsQuery): Promise<NoticeStatisticsView> {
    const period = periodOf(query.from, query.to);
    const scope = query.jurisdictionCode ?? actor.jurisdictionCode;
    assertWithin(actor, scope);
    const pattern = `${scope}%`;
    const [n]: { notices: string; postings: string | null }[] = await this.dataSource.query(`SELECT count(*) AS notices, sum(postings) AS postings FROM command_dispatch.notice WHERE jurisdiction_code LIKE $1 AND created_at >= $2 AND created_at < $3`, [pattern, period.start, period.end]);
    const [m]: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM command_dispatch.notice_delivery d JOIN command_dispatch.notice n ON n.id = d.notice_id WHERE n.jurisdiction_code LIKE $1 AND d.status = 'sent' AND d.sent_at >= $2 AND d.sent_at < $3`,
      [pattern, period.start, period.end],
    );
    const [r]: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM command_dispatch.referral WHERE jurisdiction_code LIKE $1 AND created_at >= $2 AND created_at < $3`, [pattern, period.start, period.end]);
    return { from: query.from, to: query.to, notices: Number(n.notices), messages: Number(m.n), postings: Number(n.postings ?? 0), referrals: Number(r.n) };
  }
}
