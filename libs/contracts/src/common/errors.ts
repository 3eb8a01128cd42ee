/**
 * Stable error codes. A code never changes meaning once released; the gateway maps each to an HTTP
 * status and an RFC 9457 problem document. Titles are bilingual because clerks read Chinese.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, title: '请求参数校验失败 Validation failed' },
  BAD_REQUEST: { status: 400, title: '请求无效 Bad request' },
  INVALID_CHARACTERS: { status: 400, title: '含有不允许的字符(空字符或不成对的代理项) Text holds a NUL or an unpaired surrogate' },
  JSON_TOO_DEEP: { status: 400, title: 'JSON 嵌套层数过多 JSON nested too deep' },
  FORBIDDEN_KEY: { status: 400, title: '不允许的字段名 Key not allowed (__proto__, constructor, prototype)' },
  AUTH_REQUIRED: { status: 401, title: '需要登录 Authentication required' },
  AUTH_TOKEN_INVALID: { status: 401, title: '令牌无效 Token invalid' },
  AUTH_TOKEN_EXPIRED: { status: 401, title: '令牌已过期 Token expired' },
  AUTH_INVALID_CREDENTIALS: { status: 401, title: '用户名或密码错误 Invalid credentials' },
  AUTH_REFRESH_TOKEN_INVALID: { status: 401, title: '刷新令牌无效 Refresh token invalid' },
  AUTH_SESSION_REVOKED: { status: 401, title: '会话已注销 Session revoked' },
  AUTH_ACCOUNT_LOCKED: { status: 423, title: '账号已锁定 Account locked' },
  AUTH_ACCOUNT_DISABLED: { status: 403, title: '账号已停用 Account disabled' },
  AUTH_PASSWORD_INCORRECT: { status: 400, title: '原密码错误 Current password incorrect' },
  PASSWORD_POLICY_VIOLATION: { status: 400, title: '密码不符合安全策略 Password policy violation' },
  FORBIDDEN_ROLE: { status: 403, title: '无此操作权限 Role not permitted' },
  FORBIDDEN_JURISDICTION: { status: 403, title: '超出管辖范围 Outside your jurisdiction' },
  NOT_FOUND: { status: 404, title: '资源不存在 Not found' },
  JURISDICTION_NOT_FOUND: { status: 404, title: '行政区划不存在 Jurisdiction not found' },
  ORGANISATION_NOT_FOUND: { status: 404, title: '机构不存在 Organisation not found' },
  USER_NOT_FOUND: { status: 404, title: '用户不存在 User not found' },
  JURISDICTION_EXISTS: { status: 409, title: '行政区划已存在 Jurisdiction already exists' },
  JURISDICTION_PARENT_INVALID: { status: 422, title: '上级区划不匹配 Parent jurisdiction does not fit' },
  ORGANISATION_CODE_TAKEN: { status: 409, title: '机构代码已被使用 Organisation code taken' },
  USERNAME_TAKEN: { status: 409, title: '用户名已被使用 Username taken' },
  ROLE_NOT_ALLOWED_FOR_ORGANISATION: { status: 422, title: '该机构不能设置此角色 Role not allowed for organisation' },
  INVALID_TRANSITION: { status: 409, title: '当前状态不允许此操作 Transition not allowed' },
  CALENDAR_YEAR_MISSING: { status: 422, title: '该年度节假日数据未配置 No holiday data for the year' },
  CALENDAR_DATA_INVALID: { status: 422, title: '节假日数据有误 Holiday data invalid' },
  CATALOG_VERSION_NOT_FOUND: { status: 404, title: '目录版本不存在 Catalog version not found' },
  CATALOG_VERSION_EXISTS: { status: 409, title: '目录版本编码已存在 Catalog version code exists' },
  CATALOG_ITEM_NOT_FOUND: { status: 404, title: '事项不存在 Catalog item not found' },
  CATALOG_IMPORT_INVALID: { status: 422, title: '目录导入数据有误 Catalog import has invalid rows' },
  COUNTY_CATALOG_NOT_SET: { status: 409, title: '本县尚未选用目录版本 The county has not chosen a catalog version' },
  DELEGATION_NOT_FOUND: { status: 404, title: '赋权记录不存在 Delegation not found' },
  DELEGATION_EXISTS: { status: 409, title: '该乡镇已被赋予此事项 The town already holds this item' },
  DELEGATION_ITEM_INVALID: { status: 422, title: '事项不在本县选用的目录中 Item is not in the county\'s catalog' },
  DELEGATION_TOWN_INVALID: { status: 422, title: '不是本县的乡镇(街道) Not a town of the county' },
  DELEGATION_WITHDRAWN: { status: 409, title: '赋权已收回 Delegation already withdrawn' },
  DELEGATION_DATE_INVALID: { status: 422, title: '日期不符合赋权规则 Date does not fit the delegation' },
  ADMISSION_NOT_FOUND: { status: 404, title: '职责准入申请不存在 Duty admission not found' },
  ADMISSION_STEP_FORBIDDEN: { status: 403, title: '当前环节不由您办理 This step is not yours to take' },
  DUTY_PROPOSAL_INVALID: { status: 422, title: '职责事项填写不完整 Duty proposal incomplete' },
  TRAINING_SESSION_NOT_FOUND: { status: 404, title: '培训记录不存在 Training session not found' },
  TRAINING_CATEGORY_INVALID: { status: 422, title: '业务类别不在本县选用的目录中 Category is not in the county\'s catalog' },
  ATTENDANCE_USER_INVALID: { status: 422, title: '参训人员不属于本次培训所在县 Attendee is not of the session\'s county' },
  CERTIFICATION_NOT_FOUND: { status: 404, title: '执法证记录不存在 Certification not found' },
  CERTIFICATE_NO_TAKEN: { status: 409, title: '执法证号已被使用 Certificate number taken' },
  CERTIFICATION_HOLDER_INVALID: { status: 422, title: '持证人须为执法人员 The holder must be an enforcement officer' },
  CERTIFICATION_DATE_INVALID: { status: 422, title: '日期不符合证件规则 Date does not fit the certificate' },
  CERTIFICATION_REVOKED: { status: 409, title: '证件已撤销 Certificate already revoked' },
  STAFFING_DEPARTMENT_INVALID: { status: 422, title: '须为本县的县级部门 Must be a county department of the county' },
  STAFFING_DATE_INVALID: { status: 422, title: '日期不符合下沉期限 Date does not fit the posting' },
  SENT_DOWN_STAFF_NOT_FOUND: { status: 404, title: '下沉人员记录不存在 Sent-down staff record not found' },
  SENT_DOWN_STAFF_ENDED: { status: 409, title: '下沉已结束 Posting already ended' },
  DISPATCHED_AGENCY_NOT_FOUND: { status: 404, title: '派驻机构不存在 Dispatched agency not found' },
  DISPATCHED_AGENCY_EXISTS: { status: 409, title: '该乡镇已有同名机构 The town already has an agency of this name' },
  DISPATCHED_AGENCY_WEIGHT_TOO_LOW: { status: 422, title: '派驻机构年度考核中乡镇权重不得低于50% The town must weigh at least 50 % in a dispatched agency\'s assessment' },
  APPLICATION_NOT_FOUND: { status: 404, title: '办件不存在 Application not found' },
  NOTICE_NOT_FOUND: { status: 404, title: '文书不存在 Notice not found' },
  NOT_HANDLING_ORGANISATION: { status: 403, title: '本件由其他机构承办 Another organisation handles this application' },
  ITEM_NOT_HELD: { status: 422, title: '本乡镇未持有该事项 The town does not hold this item' },
  ITEM_NOT_LICENSING: { status: 422, title: '该事项不是许可服务类事项 Not a licensing or service item' },
  APPLICATION_MATERIALS_INCOMPLETE: { status: 422, title: '材料不齐全,不能当场受理 Materials incomplete: cannot accept on the spot' },
  APPLICATION_DATE_INVALID: { status: 422, title: '日期不符合办件规则 Date does not fit the application' },
  CORRECTION_INCOMPLETE: { status: 422, title: '补正通知未一次性列明全部缺少的材料 The correction notice leaves out missing materials' },
  CORRECTION_BEYOND_RESUBMISSION: { status: 422, title: '再次补正仅限补正材料本身的问题 A further correction concerns only the resubmitted materials' },
  HANDLING_ORGANISATION_INVALID: { status: 422, title: '承办机构须为办件所在乡镇的机构 The handling organisation must be one of the application\'s town' },
  CERTIFICATE_NUMBER_TAKEN: { status: 409, title: '证件编号已被使用 Certificate number taken' },
  GRID_NOT_FOUND: { status: 404, title: '网格不存在 Grid not found' },
  GRID_IMPORT_INVALID: { status: 422, title: '网格数据有误,未导入任何网格 Grid import refused: invalid features, nothing imported' },
  GRID_POINT_OUTSIDE_TOWN: { status: 422, title: '该位置不在本镇任何网格内 The point lies outside every grid of your town' },
  HOUSEHOLD_IMPORT_NOT_FOUND: { status: 404, title: '导入任务不存在 Household import not found' },
  BASE_DATA_IMPORT_NOT_FOUND: { status: 404, title: '导入任务不存在 Import not found' },
  RESIDENT_NOT_FOUND: { status: 404, title: '居民不存在 Resident not found' },
  RESIDENT_ALREADY_REGISTERED: { status: 409, title: '该身份证号已登记 Resident already registered' },
  ENTERPRISE_NOT_FOUND: { status: 404, title: '企业(场所)不存在 Enterprise or place not found' },
  ENTERPRISE_ALREADY_REGISTERED: { status: 409, title: '该统一社会信用代码已登记 Enterprise already registered' },
  BUILDING_NOT_FOUND: { status: 404, title: '楼栋不存在 Building not found' },
  HOUSEHOLD_NOT_FOUND: { status: 404, title: '户不存在 Household not found' },
  GRID_POINT_OUTSIDE_GRIDS: { status: 422, title: '该位置不在任何网格内 The point lies in no grid' },
  CSV_IMPORT_TOO_LARGE: { status: 413, title: '导入文件过大 Import file too large' },
  GRID_EVENT_NOT_FOUND: { status: 404, title: '网格事件不存在 Grid event not found' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: '幂等键已用于不同请求 Idempotency key reused with another request' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: '相同幂等键的请求正在处理 Request with this idempotency key in progress' },
  REQUEST_TIMEOUT: { status: 408, title: '请求超时 Request timeout' },
  PAYLOAD_TOO_LARGE: { status: 413, title: '请求体过大 Payload too large' },
  REQUEST_HEADER_TOO_LARGE: { status: 431, title: '请求地址或请求头过长 URL or headers too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: '不支持的内容类型 Unsupported media type' },
  ATTACHMENT_TOO_LARGE: { status: 413, title: '附件过大 Attachment too large' },
  ATTACHMENT_TYPE_NOT_ALLOWED: { status: 415, title: '附件类型不允许 Attachment type not allowed' },
  ATTACHMENT_NOT_FOUND: { status: 404, title: '附件不存在 Attachment not found' },
  CASE_NOT_FOUND: { status: 404, title: '案件(线索)不存在 Case or clue not found' },
  SUPERVISION_TASK_NOT_FOUND: { status: 404, title: '监管任务不存在 Supervision task not found' },
  LIMITATION_PERIOD_EXPIRED: { status: 422, title: '违法行为已过追责时效 The violation is beyond the limitation period (art. 36)' },
  OFFICER_NOT_CERTIFIED: { status: 422, title: '执法人员不具备该事项执法资格 Officer not certified for this item' },
  SIMPLIFIED_FINE_LIMIT_EXCEEDED: { status: 422, title: '超出简易程序罚款限额 Fine above the simplified-procedure limit (art. 51)' },
  ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED: { status: 422, title: '超出当场收缴限额 On-the-spot collection above its limit (art. 68)' },
  CHECK_ITEM_NOT_FOUND: { status: 404, title: '抽查事项不存在 Spot-check item not found' },
  CHECK_ITEM_EXISTS: { status: 409, title: '抽查事项编码已存在 Spot-check item code already in the list' },
  CHECK_DRAW_NOT_FOUND: { status: 404, title: '抽查(摇号)不存在 Draw not found' },
  CHECK_ASSIGNMENT_NOT_FOUND: { status: 404, title: '抽查对象不存在 Picked entity not found' },
  INSPECTOR_NOT_ELIGIBLE: { status: 422, title: '须为执法人员方可进入检查人员名录库 Only enforcement officers enter the inspector pool' },
  DRAW_POOL_INSUFFICIENT: { status: 422, title: '名录库不足以完成本次抽查 The pools cannot serve this draw' },
  STATUTORY_PERIOD_NOT_MET: { status: 422, title: '不符合法定期限 A statutory period is not met (Penalty Law arts. 45, 64, 85)' },
  CASE_OFFICER_NOT_INDEPENDENT: { status: 422, title: '须由非本案调查人员担任 Must not be an officer of the case (arts. 58, 64)' },
  PENALTY_HEAVIER_THAN_NOTIFIED: { status: 422, title: '不得重于事先告知的处罚 Heavier than the penalty notified (art. 45)' },
  FIRST_VIOLATION_NOT_APPLICABLE: { status: 422, title: '不适用首违不罚 Not a first violation (art. 33)' },
  PAYMENT_INSUFFICIENT: { status: 422, title: '缴款不足(罚款及加处罚款) Paid less than the fine and late fee' },
  PRESERVATION_NOT_FOUND: { status: 404, title: '先行登记保存记录不存在 Preservation not found' },
  CASE_DOCUMENT_NOT_FOUND: { status: 404, title: '执法文书不存在 Document not found' },
  ATTACHMENT_UNKNOWN: { status: 422, title: '引用的附件未在本县上传 Referenced attachment was not uploaded in your county' },
  WORK_ORDER_NOT_FOUND: { status: 404, title: '工单不存在 Work order not found' },
  NOT_ASSIGNED_UNIT: { status: 403, title: '本工单由其他单位承办 Another unit handles this work order' },
  WORK_ORDER_UNIT_INVALID: { status: 422, title: '承办单位须为工单所在县的机构 The handling unit must be an organisation of the order\'s county' },
  CHANNEL_CREDENTIAL_INVALID: { status: 401, title: '渠道凭证无效 Channel credential invalid' },
  CHANNEL_CREDENTIAL_NOT_FOUND: { status: 404, title: '渠道凭证不存在 Channel credential not found' },
  CHANNEL_TICKET_CONFLICT: { status: 409, title: '同一外部工单号已以不同内容提交 The external ticket id was posted with other content' },
  WORK_ORDER_CATEGORY_UNKNOWN: { status: 422, title: '工单分类不在本县分类目录中 Category not in the county\'s taxonomy' },
  RATE_LIMITED: { status: 429, title: '请求过于频繁 Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, title: '服务暂不可用 Service unavailable' },
  UPSTREAM_TIMEOUT: { status: 504, title: '服务响应超时 Upstream timeout' },
  REPLY_TOO_LARGE: { status: 502, title: '响应超出消息总线的大小上限 Reply larger than the message bus allows' },
  INTERNAL: { status: 500, title: '系统内部错误 Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOG, value);
}

export function statusOf(code: ErrorCode): number {
  return ERROR_CATALOG[code].status;
}

/** One field-level problem, as listed in a VALIDATION_FAILED error. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** The error body that crosses NATS inside an RPC error. */
export interface RpcErrorBody {
  code: ErrorCode;
  detail?: string;
  errors?: FieldError[];
  errorId?: string;
}
