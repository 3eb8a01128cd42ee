import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PowerKind } from '@yiti/contracts';

@Entity({ name: 'delegation' })
export class DelegationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'county_code', type: 'text' })
  countyCode: string;

  @Column({ name: 'town_code', type: 'text' })
  townCode: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ name: 'item_kind', type: 'text' })
  itemKind: PowerKind;

  @Column({ name: 'decision_no', type: 'text' })
  decisionNo: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'transition_until', type: 'date', nullable: true })
  transitionUntil: string | null;

  @Column({ name: 'withdrawn_on', type: 'date', nullable: true })
  withdrawnOn: string | null;

  @Column({ name: 'withdraw_reason', type: 'text', nullable: true })
  withdrawReason: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'delegation_change' })
export class DelegationChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'delegation_id', type: 'uuid' })
  delegationId: string;

  @Column({ type: 'text' })
  action: 'granted' | 'adjusted' | 'withdrawn';

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb' })
  after: unknown;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}
