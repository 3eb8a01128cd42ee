import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** The Chinese and English labels of fields many contracts share: one wording each. */
export const FIELD_LABELS = {
  townCode: '乡镇(街道)代码 Town code',
  countyCode: '县级区划代码 County code',
} as const;

/** 乡镇(街道)代码: a 9-digit town code (GB/T 2260 county + 3). */
export const TownCodeProperty = (options: ApiPropertyOptions = {}) => ApiProperty({ description: FIELD_LABELS.townCode, example: '320585102', ...options } as ApiPropertyOptions);

/** 县级区划代码: a 6-digit county code (GB/T 2260). */
export const CountyCodeProperty = (options: ApiPropertyOptions = {}) => ApiProperty({ description: FIELD_LABELS.countyCode, example: '320585', ...options } as ApiPropertyOptions);

/** A county named in a path or query: 6 digits (GB/T 2260). */
export class CountyParam {
  @CountyCodeProperty()
  @Matches(/^\d{6}$/)
  countyCode: string;
}
