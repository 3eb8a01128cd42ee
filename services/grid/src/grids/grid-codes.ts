import { levelOf } from '@yiti/contracts';

/**
 * 网格编码: 15 digits, county (6) + town (3) + village/community (3) + sequence (3). The village and
 * the sequence are never 000 (000 would name the town or the village itself).
 */
export function gridCodeProblem(code: unknown, townCode?: string): string | null {
  if (typeof code !== 'string' || !/^\d{15}$/.test(code)) return '网格编码须为15位数字 A grid code is 15 digits (county 6 + town 3 + village 3 + sequence 3)';
  if (levelOf(code.slice(0, 6)) !== 'county') return `网格编码前6位 ${code.slice(0, 6)} 不是县级区划代码 The first six digits must be a county code`;
  if (code.slice(9, 12) === '000') return '村(社区)码不能为000 The village part cannot be 000';
  if (code.slice(12) === '000') return '网格序号不能为000 The sequence cannot be 000';
  if (townCode !== undefined && !code.startsWith(townCode)) return `网格编码须以本镇代码 ${townCode} 开头 The code must start with the town code ${townCode}`;
  return null;
}

/** The town (9 digits) and village (12 digits) a grid code lies in. */
export const gridParents = (code: string) => ({ countyCode: code.slice(0, 6), townCode: code.slice(0, 9), villageCode: code.slice(0, 12) });
