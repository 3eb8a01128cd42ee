import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { todayInShanghai, UnitOfWork, type IsoDate } from '@yiti/platform';
import { AuthorityClient, CalendarSource } from '@yiti/authority-client';
import { certificateDueDate } from './application-clock';
import { ApplicationEntity } from './application.entity';
import { clockDates, isDeemedAccepted } from './application-steps';
import { ApplicationCommands, routedTo } from './application-commands';

/** Applications whose due dates one transaction recomputes after a calendar change. */
const RECOMPUTE_PAGE_SIZE = 500;

/**
 * What the application clocks do by themselves: deemed acceptances when no correction notice came
 * within 5 working days (art. 32), and due dates that follow a change of the holiday calendar.
 */
@Injectable()
export class ApplicationClockJobs {
  private readonly logger = new Logger(ApplicationClockJobs.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
    private readonly commands: ApplicationCommands,
  ) {}

  /**
   * Art. 32(4): an application left at the window with no correction notice for 5 working days is
   * accepted from the day it was received. Returns how many were turned.
   */
  async sweepDeemedAcceptances(today: IsoDate = todayInShanghai()): Promise<number> {
    const calendar = this.calendars.current();
    // 5 working days span at least 5 calendar days: nothing received since can be due yet.
    const candidates: { id: string; town_code: string; category: string }[] = await this.dataSource.query(
      `SELECT id, town_code, item->>'category' AS category FROM approval_window.application
       WHERE status = 'received' AND correction_notice_on IS NULL AND received_on < $1::date - 5 ORDER BY received_on LIMIT 500`,
      [today],
    );
    let turned = 0;
    for (const candidate of candidates) {
      // Routed as an acceptance at the window is. Without an answer from identity the candidate
      // waits for the next sweep: the acceptance dates from receipt whenever it is recorded.
      const handling = await this.authority.dutyRoute(candidate.town_code, candidate.category).catch((err: unknown) => {
        this.logger.warn({ err, applicationId: candidate.id }, 'deemed acceptance deferred: no routing answer from identity');
        return undefined;
      });
      if (handling === undefined) continue;
      turned += await this.uow.run(async (tx) => {
        const app = await this.commands.lock(tx.em, candidate.id);
        if (!isDeemedAccepted(app, calendar, today)) return 0;
        await this.commands.advance(tx, app, { action: 'deem_accept', roles: ['system'], today }, null, routedTo(handling));
        return 1;
      });
    }
    return turned;
  }

  /**
   * After the holiday calendar changed: due dates of running clocks follow it. Page by page (one
   * transaction each), every moved date audited on its application, so its history says why the
   * deadline moved. An application changed meanwhile (its version moved) is left to its own step,
   * which computes its dates with the new calendar anyway.
   */
  async recomputeDueDates(): Promise<number> {
    const calendar = this.calendars.current();
    const repository = this.dataSource.getRepository(ApplicationEntity);
    let changed = 0;
    for (let after: string | null = null; ; ) {
      const query = repository.createQueryBuilder('a').where(`a.status IN ('accepted', 'approved')`).orderBy('a.id').take(RECOMPUTE_PAGE_SIZE);
      if (after) query.andWhere('a.id > :after', { after });
      const page = await query.getMany();
      if (page.length === 0) return changed;
      after = (page[page.length - 1] as ApplicationEntity).id;
      const moved = page
        .map((app) => ({ app, dates: app.status === 'accepted' ? clockDates(app, calendar) : { certificateDueOn: certificateDueDate(calendar, app.decidedOn as IsoDate) } }))
        .filter(({ app, dates }) => Object.entries(dates).some(([k, v]) => app[k as keyof ApplicationEntity] !== v));
      if (moved.length === 0) continue;
      changed += await this.uow.run(async (tx) => {
        let updated = 0;
        for (const { app, dates } of moved) {
          const result = await tx.em.update(ApplicationEntity, { id: app.id, version: app.version }, { ...dates, updatedAt: new Date(), version: app.version + 1 });
          if (!result.affected) continue;
          const was = Object.fromEntries(Object.keys(dates).map((k) => [k, app[k as keyof ApplicationEntity]]));
          tx.audit({ countyCode: app.countyCode, jurisdictionCode: app.townCode, action: 'application.due_dates_recomputed', resourceType: 'application', resourceId: app.id, before: { status: app.status, ...was }, after: { status: app.status, ...dates } });
          updated++;
        }
        return updated;
      });
    }
  }
}
