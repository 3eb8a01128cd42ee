/** The application steps a user may take, as buttons: by status and role (the gateway checks both again). */
export type ApplicationStatus = 'received' | 'correction_requested' | 'accepted' | 'not_accepted' | 'suspended' | 'approved' | 'rejected' | 'certificate_issued' | 'withdrawn';

export type Action = 'accept' | 'request-correction' | 'not-accept' | 'resubmit' | 'approve' | 'reject' | 'suspend' | 'resume' | 'extend' | 'certificate';

/** The steps the buttons offer, by status and role (the gateway checks both again). */
export function actionsFor(status: ApplicationStatus, roles: readonly string[]): { action: Action; label: string; danger?: boolean }[] {
  const has = (...r: string[]) => r.some((x) => roles.includes(x));
  const steps: { action: Action; label: string; danger?: boolean; when: boolean }[] = [
    { action: 'accept', label: '受理', when: status === 'received' && has('window_clerk') },
    { action: 'request-correction', label: '一次性告知补正', when: status === 'received' && has('window_clerk') },
    { action: 'not-accept', label: '不予受理', danger: true, when: status === 'received' && has('window_clerk') },
    { action: 'resubmit', label: '补正材料', when: status === 'correction_requested' && has('window_clerk') },
    { action: 'approve', label: '准予许可', when: status === 'accepted' && has('approver') },
    { action: 'reject', label: '不予许可', danger: true, when: status === 'accepted' && has('approver') },
    { action: 'suspend', label: '中止计时', when: status === 'accepted' && has('approver') },
    { action: 'extend', label: '延长审查期限', when: status === 'accepted' && has('leader') },
    { action: 'resume', label: '恢复计时', when: status === 'suspended' && has('approver') },
    { action: 'certificate', label: '颁发证件', when: status === 'approved' && has('window_clerk') },
  ];
  return steps.filter((s) => s.when).map(({ action, label, danger }) => ({ action, label, danger }));
}

