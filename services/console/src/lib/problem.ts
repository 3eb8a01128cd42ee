/** RFC 9457 problem documents from the gateway, turned into plain Chinese for the person at the desk. */

export interface FieldProblem {
  field: string;
  messages: string[];
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

/** What the console shows: one sentence, and each field with its own message. */
export interface ShownProblem {
  message: string;
  fields: { field: string; label: string; message: string }[];
  code: string;
}

/** Chinese names of the fields the forms send, for messages that name a field. */
export const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  currentPassword: '原密码',
  newPassword: '新密码',
  townCode: '乡镇(街道)',
  itemId: '事项',
  'applicant.name': '申请人姓名或单位名称',
  'applicant.idNumber': '证件号码',
  'applicant.phone': '联系电话',
  'applicant.address': '地址',
  'applicant.kind': '申请人类型',
  materials: '材料',
  missingMaterials: '缺少的材料',
  reasons: '理由',
  legalBasis: '法律依据',
  validUntil: '有效期至',
  suspensionKind: '中止事由',
  amount: '罚款金额',
  collectedOnSpot: '当场收缴',
};

/** The Chinese half of a bilingual title ("办件不存在 Application not found" → "办件不存在"). */
export function chineseHalf(text: string): string {
  const match = /^([^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*?)\s+[A-Z(]/.exec(text);
  return (match ? match[1] : text).trim();
}

/** Messages for codes where the console says more than the title, or says it more plainly. */
const PLAIN: Record<string, string> = {
  AUTH_INVALID_CREDENTIALS: '用户名或密码错误,请重新输入',
  AUTH_ACCOUNT_LOCKED: '账号因多次登录失败已被临时锁定,请稍后再试或联系管理员',
  AUTH_TOKEN_EXPIRED: '登录已过期,请重新登录',
  AUTH_SESSION_REVOKED: '会话已注销,请重新登录',
  AUTH_REFRESH_TOKEN_INVALID: '登录已失效,请重新登录',
  AUTH_PASSWORD_CHANGE_REQUIRED: '请先修改初始密码',
  AUTH_PASSWORD_INCORRECT: '原密码错误',
  FORBIDDEN_ROLE: '您的角色无权进行此操作',
  FORBIDDEN_JURISDICTION: '超出您的管辖范围',
  NOT_FOUND: '未找到,或不在您的管辖范围内',
  APPLICATION_NOT_FOUND: '办件不存在,或不在您的管辖范围内',
  RATE_LIMITED: '操作过于频繁,请稍候再试',
  SERVICE_UNAVAILABLE: '服务暂不可用,请稍后再试',
  UPSTREAM_TIMEOUT: '服务响应超时,请稍后再试',
  INTERNAL: '系统内部错误,请联系运维人员并提供错误编号',
};

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('code' in value || 'title' in value) && ('status' in value || 'type' in value);
}

export function fieldLabel(field: string): string {
  const plain = field.replace(/\.\d+(?=\.|$)/g, '');
  return FIELD_LABELS[field] ?? FIELD_LABELS[plain] ?? field;
}

/** The problem as shown: the plain message (with the detail when it says more), and field messages by label. */
export function showProblem(problem: Problem | undefined, status?: number): ShownProblem {
  if (!problem || !isProblem(problem)) {
    return { code: 'NETWORK', message: status ? `请求失败(HTTP ${status})` : '无法连接服务器,请检查网络', fields: [] };
  }
  const code = problem.code ?? 'UNKNOWN';
  const title = PLAIN[code] ?? chineseHalf(problem.title ?? '请求失败');
  const detail = problem.detail && code !== 'VALIDATION_FAILED' && !PLAIN[code] ? chineseHalf(problem.detail) : '';
  const fields = (problem.errors ?? []).map((e) => ({ field: e.field, label: fieldLabel(e.field), message: e.messages.map(chineseHalf).join(';') }));
  const message = [title, detail && detail !== title ? detail : ''].filter(Boolean).join(':') + (code === 'INTERNAL' && problem.requestId ? `(编号 ${problem.requestId})` : '');
  return { code, message, fields };
}

/** One line for a toast: the message and each field's problem. */
export function problemLine(shown: ShownProblem): string {
  return [shown.message, ...shown.fields.map((f) => `${f.label}:${f.message}`)].join(';');
}

/** The error the API client throws for any answer that is not 2xx. */
export class ApiError extends Error {
  constructor(
    readonly shown: ShownProblem,
    readonly status: number,
  ) {
    super(problemLine(shown));
  }
}
