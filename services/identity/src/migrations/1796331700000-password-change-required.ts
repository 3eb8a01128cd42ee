import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 首次登录须修改密码: a user an administrator created with an initial password they chose may be
 * required to set their own before doing anything else; the access token carries the flag and the
 * gateway refuses every other route until the password is changed.
 */
export class PasswordChangeRequired1796331700000 implements MigrationInterface {
  name = 'PasswordChangeRequired1796331700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.app_user ADD COLUMN password_change_required boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.app_user DROP COLUMN password_change_required`);
  }
}
