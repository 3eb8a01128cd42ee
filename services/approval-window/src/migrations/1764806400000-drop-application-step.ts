import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An application's history is its audit log (the same entries, hash-chained): the copy goes. */
export class DropApplicationStep1764806400000 implements MigrationInterface {
  name = 'DropApplicationStep1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE approval_window.application_step`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approval_window.application_step (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES approval_window.application (id),
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id text NOT NULL,
        actor_roles text[] NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        taken_on date NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX application_step_application ON approval_window.application_step (application_id, id)`);
  }
}
