import { SUSPENSION_KIND_LABELS, type NoticeKind } from '@yiti/contracts';
import type { ApplicationEntity } from './application.entity';

const REMEDY = '如不服本决定,可自收到之日起六十日内依法申请行政复议,或者六个月内依法提起行政诉讼。';

/** Number prefixes of the documents (文书编号), e.g. SL320585102-2026-00000042 for an acceptance notice. */
export const NOTICE_NUMBER_PREFIX: Record<NoticeKind, string> = {
  receipt: 'SJ',
  acceptance: 'SL',
  correction: 'BZ',
  non_acceptance: 'BSL',
  extension: 'YQ',
  suspension: 'ZZ',
  resumption: 'HF',
  approval: 'ZY',
  rejection: 'BY',
  certificate: 'ZS',
};

/**
 * What a document prints besides its title, number, date and issuer: enough to hand to the
 * applicant. Identifiers appear masked: notices are stored as issued, and nothing stored is plain.
 */
export function noticeFields(kind: NoticeKind, app: ApplicationEntity): Record<string, unknown> {
  const common = {
    applicationNo: app.applicationNo,
    applicantName: app.applicantName,
    applicantIdNumber: app.applicantIdMasked,
    itemCode: app.item.code,
    itemName: app.item.name,
    town: app.townName,
  };
  switch (kind) {
    case 'receipt':
      return { ...common, receivedOn: app.receivedOn, materials: app.materials.map((m) => ({ name: m.name, copies: m.copies, original: m.original, round: m.round })) };
    case 'acceptance':
      return {
        ...common,
        acceptedOn: app.acceptedOn,
        deemedAccepted: app.deemedAccepted,
        statutoryWorkingDays: app.statutoryWorkingDays,
        decisionDueOn: app.decisionDueOn,
        promisedDueOn: app.promisedDueOn,
        text: app.deemedAccepted
          ? '收到申请材料之日起五个工作日内未一次性告知补正,依《中华人民共和国行政许可法》第三十二条,自收到申请材料之日起即为受理。'
          : '您的申请材料齐全、符合法定形式,依《中华人民共和国行政许可法》第三十二条予以受理。',
      };
    case 'correction':
      return { ...common, materials: app.correctionMaterials, explanation: app.decisionReasons, text: '请一次性补正以下材料;补正后本机关将依法作出是否受理的决定。' };
    case 'non_acceptance':
      return { ...common, reasons: app.decisionReasons, remedy: REMEDY };
    case 'extension':
      return { ...common, decisionDueOn: app.decisionDueOn, reasons: app.decisionReasons, legalBasis: '《中华人民共和国行政许可法》第四十二条' };
    case 'suspension': {
      const current = app.suspensions[app.suspensions.length - 1];
      return { ...common, kind: current ? SUSPENSION_KIND_LABELS[current.kind] : null, from: current?.from, reasons: current?.reasons, text: '所需时间不计算在行政许可审查期限内(《中华人民共和国行政许可法》第四十五条)。' };
    }
    case 'resumption':
      return { ...common, decisionDueOn: app.decisionDueOn, promisedDueOn: app.promisedDueOn };
    case 'approval':
      return { ...common, decidedOn: app.decidedOn, opinion: app.decisionReasons, legalBasis: app.legalBasis, validUntil: app.validUntil, certificateDueOn: app.certificateDueOn, supervisingDepartment: app.item.department };
    case 'rejection':
      return { ...common, decidedOn: app.decidedOn, reasons: app.decisionReasons, legalBasis: app.legalBasis, remedy: REMEDY };
    case 'certificate':
      return { ...common, certificateNo: app.certificateNo, issuedOn: app.certificateIssuedOn, validUntil: app.validUntil };
  }
}
