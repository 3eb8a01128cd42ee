import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified, schemaOf } from '../database/sql';

/**
 * Audit rows record the database role and client address that wrote them (set by a trigger, so a
 * writer cannot say otherwise); seals name their algorithm, and from here on only keyed ones
 * (`hmac-sm3:<key id>`) are accepted for new rows; the sealer locks the log through a function of
 * the owner's, so the service role needs no UPDATE or DELETE on it.
 */
export class PlatformAuditProvenance1765065600000 implements MigrationInterface {
  name = 'PlatformAuditProvenance1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const log = qualified(s, 'audit_log');
    const seal = qualified(s, 'audit_seal');
    await queryRunner.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${s}:audit-sealer`]);
    await queryRunner.query(`LOCK TABLE ${log} IN EXCLUSIVE MODE`);
    await queryRunner.query(`ALTER TABLE ${log} ADD COLUMN written_by_role text, ADD COLUMN client_addr inet`);
    await queryRunner.query(`ALTER TABLE ${log} ALTER COLUMN written_by_role SET DEFAULT current_user, ALTER COLUMN client_addr SET DEFAULT inet_client_addr()`);
    await queryRunner.query(`
      CREATE FUNCTION ${qualified(s, 'audit_log_provenance')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.written_by_role := current_user;
        NEW.client_addr := inet_client_addr();
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "audit_log_provenance" BEFORE INSERT ON ${log} FOR EACH ROW EXECUTE FUNCTION ${qualified(s, 'audit_log_provenance')}()`);
    // Seals so far are unkeyed SHA-256; no new one may be (the sealer names its key on every seal).
    const [{ last }]: { last: string }[] = await queryRunner.query(`SELECT coalesce(max(seq), 0)::text AS last FROM ${log}`);
    await queryRunner.query(`ALTER TABLE ${seal} ADD COLUMN algorithm text NOT NULL DEFAULT 'sha256'`);
    await queryRunner.query(`ALTER TABLE ${seal} ALTER COLUMN algorithm DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE ${seal} ADD CONSTRAINT audit_seal_keyed CHECK (algorithm LIKE 'hmac-sm3:%' OR (algorithm = 'sha256' AND seq <= ${BigInt(last).toString()}))`);
    await queryRunner.query(`
      CREATE FUNCTION ${qualified(s, 'audit_log_lock_for_sealing')}() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
      BEGIN
        LOCK TABLE ${log} IN EXCLUSIVE MODE;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION ${qualified(s, 'audit_log_lock_for_sealing')}() FROM PUBLIC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP FUNCTION ${qualified(s, 'audit_log_lock_for_sealing')}()`);
    await queryRunner.query(`ALTER TABLE ${qualified(s, 'audit_seal')} DROP CONSTRAINT audit_seal_keyed, DROP COLUMN algorithm`);
    await queryRunner.query(`DROP TRIGGER "audit_log_provenance" ON ${qualified(s, 'audit_log')}`);
    await queryRunner.query(`DROP FUNCTION ${qualified(s, 'audit_log_provenance')}()`);
    await queryRunner.query(`ALTER TABLE ${qualified(s, 'audit_log')} DROP COLUMN written_by_role, DROP COLUMN client_addr`);
  }
}
