import type { IsoDate } from './calendar-date';

/** One year of official holidays (法定节假日) and make-up working days (调休上班), as published. */
export interface HolidayYear {
  year: number;
  /** Days off that would otherwise count: the holiday blocks, weekends inside them included. */
  daysOff: IsoDate[];
  /** Weekend days that are working days (调休上班). */
  makeupWorkdays: IsoDate[];
  /** True until the State Council notice for the year is out and checked. */
  provisional: boolean;
  source: string;
}

function range(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/**
 * Defaults shipped with the platform; operators can replace a year's data. 2025 and 2026 follow the
 * State Council General Office notices (国办发明电〔2024〕12号, 〔2025〕 notice for 2026); 2027 is not
 * published yet and is marked provisional: only the fixed-date holidays are entered.
 */
export const CHINA_HOLIDAYS: HolidayYear[] = [
  {
    year: 2025,
    provisional: false,
    source: '国务院办公厅关于2025年部分节假日安排的通知',
    daysOff: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'),
      ...range('2025-04-04', '2025-04-06'),
      ...range('2025-05-01', '2025-05-05'),
      ...range('2025-05-31', '2025-06-02'),
      ...range('2025-10-01', '2025-10-08'),
    ],
    makeupWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    provisional: false,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    daysOff: [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ],
    makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  {
    year: 2027,
    provisional: true,
    source: '暂定:仅含固定日期节日,待国务院办公厅2027年通知发布后更新',
    daysOff: ['2027-01-01', ...range('2027-05-01', '2027-05-03'), ...range('2027-10-01', '2027-10-07')],
    makeupWorkdays: [],
  },
];
