import { describe, expect, it } from 'vitest';
import { chineseHalf, problemLine, showProblem } from './problem';

describe('problem+json in plain Chinese', () => {
  it('keeps the Chinese half of a bilingual title', () => {
    expect(chineseHalf('办件不存在 Application not found')).toBe('办件不存在');
    expect(chineseHalf('材料不齐全,不能当场受理 Materials incomplete: cannot accept on the spot')).toBe('材料不齐全,不能当场受理');
    expect(chineseHalf('只有中文')).toBe('只有中文');
  });

  it('names each field of a validation failure by its Chinese label', () => {
    const shown = showProblem({
      type: 'urn:yiti:problem:validation-failed',
      title: '请求参数校验失败 Validation failed',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'applicant.idNumber', messages: ['公民身份号码校验位错误 GB 11643 check digit wrong'] }],
    });
    expect(shown.message).toBe('请求参数校验失败');
    expect(shown.fields).toEqual([{ field: 'applicant.idNumber', label: '证件号码', message: '公民身份号码校验位错误' }]);
    expect(problemLine(shown)).toBe('请求参数校验失败;证件号码:公民身份号码校验位错误');
  });

  it('adds the detail of a domain refusal, and says plainly what a 404 or a role refusal means', () => {
    const incomplete = showProblem({ title: '材料不齐全,不能当场受理 Materials incomplete', status: 422, code: 'APPLICATION_MATERIALS_INCOMPLETE', detail: '缺少:营业执照 Missing: licence' });
    expect(incomplete.message).toBe('材料不齐全,不能当场受理:缺少:营业执照');
    expect(showProblem({ title: '办件不存在 Application not found', status: 404, code: 'APPLICATION_NOT_FOUND' }).message).toBe('办件不存在,或不在您的管辖范围内');
    expect(showProblem({ title: '无此操作权限 Role not permitted', status: 403, code: 'FORBIDDEN_ROLE' }).message).toBe('您的角色无权进行此操作');
  });

  it('says the network failed when there is no problem document, and gives an internal error its id', () => {
    expect(showProblem(undefined).message).toBe('无法连接服务器,请检查网络');
    expect(showProblem(undefined, 502).message).toBe('请求失败(HTTP 502)');
    expect(showProblem({ title: '系统内部错误 Internal error', status: 500, code: 'INTERNAL', requestId: 'r-1' }).message).toContain('r-1');
  });
});
