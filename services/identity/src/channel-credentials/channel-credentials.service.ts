import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IDENTITY_EVENTS, type Actor, type ChannelCredentialRevokedEvent, type ChannelCredentialView, type IssueChannelCredentialRequest, type IssuedChannelCredential, type ListChannelCredentialsQuery, type Page, type VerifiedChannelCredential, type VerifyChannelCredentialRequest } from '@yiti/contracts';
import { DomainException, UnitOfWork, jurisdictionPattern, readSqlPage, visibleOr404 } from '@yiti/platform';
import { assertWithin } from '../access/access-rules';

interface CredentialRow {
  id: string;
  county_code: string;
  channel: ChannelCredentialView['channel'];
  name: string;
  secret_hash: string;
  issued_by: string;
  issued_at: Date;
  revoked_at: Date | null;
}

/** The secret is 32 random bytes: a plain SHA-256 of it cannot be searched back; no slow hash needed. */
export const hashChannelSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

const toView = (row: CredentialRow): ChannelCredentialView => ({
  id: row.id,
  countyCode: row.county_code,
  channel: row.channel,
  name: row.name,
  issuedBy: row.issued_by,
  issuedAt: new Date(row.issued_at).toISOString(),
  revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
});

function assertCountyAdmin(actor: Actor): void {
  if (!actor.roles.includes('county_admin') && !actor.roles.includes('province_admin')) throw new DomainException('FORBIDDEN_ROLE', '渠道凭证由县级管理员签发和吊销 Channel credentials are issued and revoked by a county admin');
}

/**
 * 渠道凭证: machine credentials of external channels. A county admin issues one for a county and a
 * channel (the secret shown once, kept only as its hash) and revokes it; the gateway verifies a
 * presented one. Every issue and revocation is audited.
 */
@Injectable()
export class ChannelCredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async issue(actor: Actor, request: IssueChannelCredentialRequest): Promise<IssuedChannelCredential> {
    assertCountyAdmin(actor);
    assertWithin(actor, request.countyCode);
    const secret = randomBytes(32).toString('base64url');
    const row: CredentialRow = { id: randomUUID(), county_code: request.countyCode, channel: request.channel, name: request.name.trim(), secret_hash: hashChannelSecret(secret), issued_by: actor.userId, issued_at: new Date(), revoked_at: null };
    await this.uow.writeOnce(async (tx) => {
      tx.stage({
        table: 'identity.channel_credential',
        columns: ['id', 'county_code', 'channel', 'name', 'secret_hash', 'issued_by', 'issued_at'],
        rows: [[row.id, row.county_code, row.channel, row.name, row.secret_hash, row.issued_by, row.issued_at]],
      });
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.county_code, action: 'channel_credential.issue', resourceType: 'channel_credential', resourceId: row.id, before: null, after: { channel: row.channel, name: row.name } });
    });
    return { ...toView(row), secret, authorization: `Channel ${row.id}.${secret}` };
  }

  async revoke(actor: Actor, id: string): Promise<ChannelCredentialView> {
    assertCountyAdmin(actor);
    return this.uow.run(async (tx) => {
      const rows: CredentialRow[] = await tx.em.query(`SELECT * FROM identity.channel_credential WHERE id = $1 FOR UPDATE`, [id]);
      const row = visibleOr404(actor, rows[0], (r) => r.county_code, { code: 'CHANNEL_CREDENTIAL_NOT_FOUND', detail: `渠道凭证 ${id} 不存在 Channel credential ${id} not found` });
      if (row.revoked_at) return toView(row);
      const revokedAt = new Date();
      await tx.em.query(`UPDATE identity.channel_credential SET revoked_at = $2, revoked_by = $3 WHERE id = $1`, [id, revokedAt, actor.userId]);
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.county_code, action: 'channel_credential.revoke', resourceType: 'channel_credential', resourceId: row.id, before: { revoked: false }, after: { revoked: true } });
      // Every gateway hears it and forgets what it remembered of the credential (see the gateway's ChannelCredentials).
      tx.emit<ChannelCredentialRevokedEvent>(IDENTITY_EVENTS.channelCredentialRevoked, { id: row.id, countyCode: row.county_code, channel: row.channel, revokedAt: revokedAt.toISOString() }, row.county_code);
      return toView({ ...row, revoked_at: revokedAt });
    });
  }

  async list(actor: Actor, query: ListChannelCredentialsQuery): Promise<Page<ChannelCredentialView>> {
    assertCountyAdmin(actor);
    const params: unknown[] = [jurisdictionPattern(actor)];
    let where = 'county_code LIKE $1';
    if (query.countyCode) {
      params.push(query.countyCode);
      where += ' AND county_code = $2';
    }
    const page = await readSqlPage<CredentialRow>(this.dataSource, { columns: 'id, county_code, channel, name, issued_by, issued_at, revoked_at', from: 'identity.channel_credential', where, order: 'issued_at DESC, id' }, params, query);
    return { ...page, items: page.items.map(toView) };
  }

  /** Whether `<id>.<secret>` is a live credential: its county and channel, or CHANNEL_CREDENTIAL_INVALID (401). */
  async verify(request: VerifyChannelCredentialRequest): Promise<VerifiedChannelCredential> {
    const rows: CredentialRow[] = await this.dataSource.query(`SELECT * FROM identity.channel_credential WHERE id = $1`, [request.id]);
    const row = rows[0];
    const presented = Buffer.from(hashChannelSecret(request.secret), 'hex');
    const valid = row && !row.revoked_at && timingSafeEqual(presented, Buffer.from(row.secret_hash, 'hex'));
    if (!row || !valid) throw new DomainException('CHANNEL_CREDENTIAL_INVALID', '渠道凭证无效或已吊销 Channel credential invalid or revoked');
    return { id: row.id, countyCode: row.county_code, channel: row.channel };
  }
}
