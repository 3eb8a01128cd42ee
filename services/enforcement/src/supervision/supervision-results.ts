import { Controller, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { SUPERVISION_RESULT_SUBJECTS, type Actor, type CompleteSupervisionTaskCommand, type ListSupervisionTasksQuery, type SupervisionTaskView } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole, assertWithin, command, Handles, todayInShanghai, visibleOr404, type Command } from '@yiti/platform';
import { SupervisionTasks } from './supervision-tasks';

/** 监管任务办结: an officer of the town's team records the inspection and closes the task (done), once. */
@Injectable()
export class SupervisionResults {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly tasks: SupervisionTasks,
  ) {}

  async complete(actor: Actor, cmd: CompleteSupervisionTaskCommand): Promise<SupervisionTaskView> {
    assertRole(actor, ['enforcement_officer', 'leader'], '监管任务办结 Completing a supervision task');
    const rows: { id: string; county_code: string; town_code: string; application_id: string; status: string }[] = await this.dataSource.query(
      `SELECT id, county_code, town_code, application_id, status FROM enforcement.supervision_task WHERE id = $1`,
      [cmd.id],
    );
    const task = visibleOr404(actor, rows[0], (t) => t.town_code, { code: 'SUPERVISION_TASK_NOT_FOUND', detail: `监管任务 ${cmd.id} 不存在 Supervision task not found` });
    assertWithin(actor, task.town_code);
    await this.uow.run(async (tx) => {
      const done: unknown[] = await tx.em.query(
        `WITH done AS (UPDATE enforcement.supervision_task SET status = 'done', result_note = $2, done_on = $3, done_by = $4 WHERE id = $1 AND status = 'open' RETURNING id) SELECT id FROM done`,
        [task.id, cmd.note.trim(), todayInShanghai(), actor.userId],
      );
      if (done.length === 0) throw new DomainException('INVALID_TRANSITION', '监管任务已办结或已转线索 The task is no longer open');
      tx.audit({ countyCode: task.county_code, jurisdictionCode: task.town_code, action: 'supervision_task.complete', resourceType: 'supervision_task', resourceId: task.id, before: { status: task.status }, after: { status: 'done', note: cmd.note.trim() } });
    });
    const query: ListSupervisionTasksQuery = { applicationId: task.application_id };
    return (await this.tasks.list(actor, query)).items[0] as SupervisionTaskView;
  }
}

@Controller()
export class SupervisionResultsHandler {
  constructor(private readonly results: SupervisionResults) {}

  @Handles(SUPERVISION_RESULT_SUBJECTS.complete)
  complete(@Payload(command(SUPERVISION_RESULT_SUBJECTS.complete)) cmd: Command<CompleteSupervisionTaskCommand>) {
    return this.results.complete(cmd.actor, cmd.data);
  }
}
