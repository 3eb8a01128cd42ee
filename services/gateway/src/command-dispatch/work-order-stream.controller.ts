import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMMAND_DISPATCH_SUBJECTS, DashboardQuery, DispatchDashboardView, FEED_POSITION_PATTERN, type Actor } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { WorkOrderFeedSignals } from './work-order-feed-signals';

/**
 * A stream reads the feed when a workorder.* event of its jurisdiction arrives; a read that finds
 * nothing yet (a transaction begun earlier still running) is retried after 20, 40, 80… ms; and without
 * any signal it reads every FALLBACK_READ_MS (a lost signal, another gateway's order). Keep-alive
 * comments every KEEP_ALIVE_MS.
 */
export const FALLBACK_READ_MS = 2_000;
const RETRY_BASE_MS = 20;
const RETRIES = 6;
const KEEP_ALIVE_MS = 15_000;

/** One server-sent event. */
export const sseEvent = (id: string, type: string, data: unknown): string => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

@ApiTags('指挥调度一中心 Command and dispatch centre')
@ApiBearerAuth()
@Controller()
export class WorkOrderStreamController {
  constructor(
    private readonly client: ServiceClient,
    private readonly signals: WorkOrderFeedSignals,
  ) {}

  @Get('work-orders/stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: '续传位置 Resume after this event id (browsers send it on reconnect)' })
  @ApiOperation({
    summary: '工单实时动态 Live feed of work-order changes (server-sent events)',
    description:
      '本人管辖范围内工单的每次变化(workorder.created / dispatched / status-changed / closed / supervised / due-soon),不含个人信息;断线后带 Last-Event-ID 续传,不丢不重;其他乡镇的变化从不推送。 ' +
      'Every change of an order in your jurisdiction, without personal data; reconnect with Last-Event-ID to resume without gaps or repeats; another town\'s changes are never sent.',
  })
  @ApiOkResponse({ description: 'text/event-stream: id = 变化序号 change id, event = workorder.*, data = JSON', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  async stream(@CurrentPrincipal() principal: Principal, @Headers('last-event-id') lastEventId: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const actor = principal.actor;
    let last = lastEventId && FEED_POSITION_PATTERN.test(lastEventId) ? lastEventId : (await this.client.request(COMMAND_DISPATCH_SUBJECTS.changes, {}, { actor })).last;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    raw.write(`retry: 3000\n\n`);
    let open = true;
    let lastWrite = Date.now();
    let signalled = false;
    let wake: () => void = () => undefined;
    const stopListening = this.signals.listen(actor, () => {
      signalled = true;
      wake();
    });
    request.raw.on('close', () => {
      open = false;
      wake();
    });
    let retries = 0;
    try {
      while (open) {
        const woken = signalled;
        signalled = false;
        let sent = 0;
        try {
          ({ last, sent } = await this.push(actor, last, (chunk) => raw.write(chunk)));
        } catch {
          // The service is unavailable for a moment: the client keeps its position and we try again.
        }
        if (sent > 0) lastWrite = Date.now();
        else if (Date.now() - lastWrite > KEEP_ALIVE_MS) {
          raw.write(`: keep-alive\n\n`);
          lastWrite = Date.now();
        }
        // Told of a change but nothing readable yet: look again shortly; else wait for the next signal.
        retries = (woken || retries > 0) && sent === 0 ? retries + 1 : 0;
        const wait = signalled ? 0 : retries > 0 && retries <= RETRIES ? RETRY_BASE_MS * 2 ** (retries - 1) : FALLBACK_READ_MS;
        if (retries > RETRIES) retries = 0;
        if (!open) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => undefined;
      }
    } finally {
      stopListening();
      raw.end();
    }
  }

  /** Sends the changes after `after` (pages of 100 until none are left): the new position and how many were sent. */
  private async push(actor: Actor, after: string, write: (chunk: string) => void): Promise<{ last: string; sent: number }> {
    let last = after;
    let sent = 0;
    for (let page = 0; page < 10; page++) {
      const changes = await this.client.request(COMMAND_DISPATCH_SUBJECTS.changes, { after: last, limit: 100 }, { actor });
      for (const change of changes.items) write(sseEvent(change.id, change.type, change.data));
      sent += changes.items.length;
      last = changes.last;
      if (changes.items.length < 100) break;
    }
    return { last, sent };
  }

  @Get('dispatch-dashboard')
  @ApiOperation({ summary: '调度大屏 Dispatch dashboard', description: '本人管辖范围内:各状态数量、在办按分类和乡镇、超期、调度员队列、今日各渠道受理量、今日督办。 Counts by status, open orders by category and town, overdue, the queue, today\'s intake by channel, supervision today.' })
  @ApiOkResponse({ type: DispatchDashboardView })
  dashboard(@Query() query: DashboardQuery): Promise<RawJson<DispatchDashboardView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.dashboard, query);
  }
}
