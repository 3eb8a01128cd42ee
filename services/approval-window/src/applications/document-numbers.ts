import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery, SameTurnBatch, type PendingCall } from '@yiti/platform';

export interface DrawnNumbers {
  applications: string[];
  notices: string[];
}

interface Demand {
  applications: number;
  notices: number;
}

/** Draws from the application and document number sequences, in that transaction when one is given. */
export async function drawNumbers(em: EntityManager, applications: number, notices: number): Promise<DrawnNumbers> {
  if (applications === 0 && notices === 0) return { applications: [], notices: [] };
  const [row]: DrawnNumbers[] = await preparedQuery(
    em,
    `SELECT array(SELECT nextval('approval_window.application_no_seq')::text FROM generate_series(1, $1)) AS applications,
            array(SELECT nextval('approval_window.notice_no_seq')::text FROM generate_series(1, $2)) AS notices`,
    [applications, notices],
  );
  return row as DrawnNumbers;
}

/**
 * Numbers drawn before a write, outside any transaction (sequences are not transactional anyway):
 * the draws of requests ready in the same event-loop turn share one query, each request getting
 * numbers of its own.
 */
@Injectable()
export class DocumentNumbers {
  private readonly batch = new SameTurnBatch<Demand, DrawnNumbers>((calls) => void this.drawFor(calls));

  constructor(private readonly dataSource: DataSource) {}

  draw(applications: number, notices: number): Promise<DrawnNumbers> {
    return this.batch.add({ applications, notices });
  }

  private async drawFor(calls: PendingCall<Demand, DrawnNumbers>[]): Promise<void> {
    try {
      const drawn = await drawNumbers(
        this.dataSource.manager,
        calls.reduce((n, c) => n + c.input.applications, 0),
        calls.reduce((n, c) => n + c.input.notices, 0),
      );
      let a = 0;
      let n = 0;
      for (const call of calls) {
        call.resolve({ applications: drawn.applications.slice(a, (a += call.input.applications)), notices: drawn.notices.slice(n, (n += call.input.notices)) });
      }
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
  }
}
