import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ENFORCEMENT_CASE_SUBJECTS,
  type CaseDocumentParams,
  type CaseSubListQuery,
  type CountyParam,
  type EvidenceCommand,
  type HearingThresholdsCommand,
  type IdParam,
  type PreservationCommand,
  type PreservationDecisionCommand,
  type RecusalCommand,
} from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { OnTheSpotPenalties } from '../penalties/on-the-spot-penalties';
import { CaseCommands } from './case-commands';
import { CaseDocuments } from './case-documents';
import { CaseRecords } from './case-records';
import { HearingThresholdSettings } from './hearing-thresholds';

/** The ordinary procedure's records, documents and county thresholds. */
@Controller()
export class CaseProcedureHandler {
  constructor(
    private readonly cases: CaseCommands,
    private readonly records: CaseRecords,
    private readonly documents: CaseDocuments,
    private readonly thresholds: HearingThresholdSettings,
    private readonly onTheSpot: OnTheSpotPenalties,
  ) {}

  @Handles(ENFORCEMENT_CASE_SUBJECTS.addEvidence)
  addEvidence(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.addEvidence)) cmd: Command<EvidenceCommand>) {
    return this.records.addEvidence(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.listEvidence)
  listEvidence(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.listEvidence)) cmd: Command<CaseSubListQuery>) {
    return this.records.listEvidence(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.recordRecusal)
  recordRecusal(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.recordRecusal)) cmd: Command<RecusalCommand>) {
    return this.records.recordRecusal(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.preserve)
  preserve(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.preserve)) cmd: Command<PreservationCommand>) {
    return this.records.preserve(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.decidePreservation)
  decidePreservation(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.decidePreservation)) cmd: Command<PreservationDecisionCommand>) {
    return this.records.decidePreservation(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.listPreservations)
  listPreservations(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.listPreservations)) cmd: Command<CaseSubListQuery>) {
    return this.records.listPreservations(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.listDocuments)
  async listDocuments(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.listDocuments)) cmd: Command<CaseSubListQuery>) {
    return this.documents.list(cmd.actor, cmd.data, await this.cases.findVisible(cmd.actor, cmd.data.id));
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.printDocument)
  async printDocument(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.printDocument)) cmd: Command<CaseDocumentParams>) {
    return this.documents.print(cmd.actor, await this.cases.findVisible(cmd.actor, cmd.data.id), cmd.data.documentId);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.printOnTheSpot)
  async printOnTheSpot(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.printOnTheSpot)) cmd: Command<IdParam>) {
    const decision = await this.onTheSpot.get(cmd.actor, cmd.data.id);
    const fields: Record<string, string> = {
      当事人: decision.party.name,
      [decision.party.kind === 'organisation' ? '统一社会信用代码' : '公民身份号码']: decision.party.idNumber,
      违法事实: decision.facts,
      处罚依据: decision.legalBasis,
      违法地点: decision.place,
      行政处罚: decision.kind === 'warning' ? '警告' : `罚款${decision.fineYuan.toFixed(2)}元`,
      缴纳方式: decision.collectedOnTheSpot ? `当场收缴${decision.collectionReason ? `(${decision.collectionReason})` : ''}` : '自收到本决定书之日起十五日内到指定银行缴纳',
      救济途径: '如不服本决定,可以在收到本决定书之日起六十日内依法申请行政复议,或者在六个月内依法向人民法院提起行政诉讼。',
    };
    const html = await this.documents.render({ kind: 'on_the_spot_decision', number: decision.decisionNo, issued_on: decision.decidedOn, town_code: decision.townCode, fields, decision_kind: 'penalty' });
    return { id: decision.id, kind: 'on_the_spot_decision' as const, title: '当场行政处罚决定书', number: decision.decisionNo, issuedOn: decision.decidedOn, html };
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.getHearingThresholds)
  getHearingThresholds(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.getHearingThresholds)) cmd: Command<CountyParam>) {
    return this.thresholds.get(cmd.actor, cmd.data.countyCode);
  }

  @Handles(ENFORCEMENT_CASE_SUBJECTS.setHearingThresholds)
  setHearingThresholds(@Payload(command(ENFORCEMENT_CASE_SUBJECTS.setHearingThresholds)) cmd: Command<HearingThresholdsCommand>) {
    return this.thresholds.set(cmd.actor, cmd.data);
  }
}
