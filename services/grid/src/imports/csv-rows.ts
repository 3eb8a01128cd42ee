import { ENTERPRISE_KINDS, ENTERPRISE_TYPES, HOUSEHOLD_FLAG_CODES, RISK_LEVELS, isResidentIdNumber, isUnifiedSocialCreditCode, type EnterpriseKind, type EnterpriseType, type HouseholdFlagCode, type RiskLevel } from '@yiti/contracts';
import { gridCodeProblem } from '../grids/grid-codes';
import { checked, type Checked } from './csv-reader';

type CsvRecord = Record<string, string | undefined>;

/** Where a row lies: its grid code, or a point to find the grid by. */
export interface Placed {
  line: number;
  gridCode: string | null;
  point: { lng: number; lat: number } | null;
}

export interface HouseholdRow extends Placed {
  address: string;
  members: number;
  meterNumber: string | null;
  flags: HouseholdFlagCode[];
}

export interface ResidentRow extends Placed {
  name: string;
  idNumber: string;
  phone: string | null;
  address: string | null;
}

export interface EnterpriseRow extends Placed {
  name: string;
  creditCode: string;
  kind: EnterpriseKind;
  type: EnterpriseType;
  riskLevel: RiskLevel;
  address: string | null;
}

const TRUE = new Set(['1', 'y', 'yes', 'true', '是']);
const FALSE = new Set(['', '0', 'n', 'no', 'false', '否']);
const text = (record: CsvRecord, column: string) => (record[column] ?? '').trim();

/** grid_code, or lng,lat (degrees): at least one, each well-formed. */
function placement(record: CsvRecord, messages: string[]): Omit<Placed, 'line'> {
  const gridCode = text(record, 'grid_code') || null;
  const codeProblem = gridCode ? gridCodeProblem(gridCode) : null;
  if (codeProblem) messages.push(`grid_code: ${codeProblem}`);
  const lngText = text(record, 'lng');
  const latText = text(record, 'lat');
  let point: Placed['point'] = null;
  let pointBad = false;
  if (lngText || latText) {
    const lng = Number(lngText);
    const lat = Number(latText);
    pointBad = !lngText || !latText || !Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90;
    if (pointBad) messages.push('lng,lat: 须为经纬度(度) must be longitude and latitude in degrees');
    else point = { lng, lat };
  }
  if (!gridCode && !point && !pointBad) messages.push('grid_code 或 lng,lat 须填其一 Give grid_code or lng,lat');
  return { gridCode, point };
}

function optionalText(record: CsvRecord, column: string, max: number, messages: string[]): string | null {
  const value = text(record, column);
  if (value.length > max) messages.push(`${column}: 至多${max}字 at most ${max} characters`);
  return value || null;
}

/** A household row: address,grid_code,lng,lat,members,meter_number and one 是/否 column per flag. */
export function householdRow(record: CsvRecord, line: number): Checked<HouseholdRow> {
  const messages: string[] = [];
  const address = text(record, 'address');
  if (!address || address.length > 200) messages.push('address: 须为1至200字 1-200 characters');
  const place = placement(record, messages);
  const membersText = text(record, 'members');
  const members = membersText === '' ? 0 : Number(membersText);
  if (!Number.isInteger(members) || members < 0 || members > 100) messages.push('members: 须为0至100的整数 an integer 0-100');
  const meterNumber = text(record, 'meter_number') || null;
  if (meterNumber && !/^[0-9A-Za-z-]{4,32}$/.test(meterNumber)) messages.push('meter_number: 电表号须为4至32位字母数字 4-32 letters or digits');
  const flags: HouseholdFlagCode[] = [];
  for (const flag of HOUSEHOLD_FLAG_CODES) {
    const value = text(record, flag).toLowerCase();
    if (TRUE.has(value)) flags.push(flag);
    else if (!FALSE.has(value)) messages.push(`${flag}: 须为 是/否、1/0 或 yes/no`);
  }
  return checked(line, messages, () => ({ line, ...place, address, members, meterNumber, flags }));
}

/** A resident row: name,id_number,phone,address,grid_code,lng,lat. The ID number is never repeated in an error. */
export function residentRow(record: CsvRecord, line: number): Checked<ResidentRow> {
  const messages: string[] = [];
  const name = text(record, 'name');
  if (!name || name.length > 50) messages.push('name: 须为1至50字 1-50 characters');
  const idNumber = text(record, 'id_number').toUpperCase();
  if (!isResidentIdNumber(idNumber)) messages.push('id_number: 不是有效的公民身份号码(GB 11643 校验位) not a valid resident ID number (GB 11643 check digit)');
  const phone = text(record, 'phone') || null;
  if (phone && !/^[0-9+\-\s]{7,20}$/.test(phone)) messages.push('phone: 电话格式有误 not a phone number');
  const address = optionalText(record, 'address', 200, messages);
  const place = placement(record, messages);
  return checked(line, messages, () => ({ line, ...place, name, idNumber, phone, address }));
}

/** An enterprise or place row: name,credit_code,kind,type,risk_level,address,grid_code,lng,lat. */
export function enterpriseRow(record: CsvRecord, line: number): Checked<EnterpriseRow> {
  const messages: string[] = [];
  const name = text(record, 'name');
  if (!name || name.length > 200) messages.push('name: 须为1至200字 1-200 characters');
  const creditCode = text(record, 'credit_code').toUpperCase();
  if (!isUnifiedSocialCreditCode(creditCode)) messages.push('credit_code: 不是有效的统一社会信用代码(GB 32100 校验位) not a valid unified social credit code (GB 32100)');
  const kind = (text(record, 'kind') || 'enterprise') as EnterpriseKind;
  if (!ENTERPRISE_KINDS.includes(kind)) messages.push(`kind: 须为 ${ENTERPRISE_KINDS.join('/')}`);
  const type = text(record, 'type') as EnterpriseType;
  if (!ENTERPRISE_TYPES.includes(type)) messages.push(`type: 须为 ${ENTERPRISE_TYPES.join('/')}`);
  const riskLevel = text(record, 'risk_level') as RiskLevel;
  if (!RISK_LEVELS.includes(riskLevel)) messages.push(`risk_level: 须为 ${RISK_LEVELS.join('/')}`);
  const address = optionalText(record, 'address', 200, messages);
  const place = placement(record, messages);
  return checked(line, messages, () => ({ line, ...place, name, creditCode, kind, type, riskLevel, address }));
}
