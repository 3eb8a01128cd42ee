import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnnualAssessmentQuery, AnnualAssessmentView, COMMAND_ANALYSIS_SUBJECTS as S, IndicatorsQuery, IndicatorsView } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';

const READERS = ['dispatcher', 'commander', 'county_admin', 'county_leader', 'leader'] as const;

/** 督查考核 Assessment: indicators from the records for any period, rankings, the town's annual assessment. */
@ApiTags('督查考核 Assessment')
@ApiBearerAuth()
@Controller()
export class AssessmentController {
  constructor(private readonly client: ServiceClient) {}

  @Get('assessment/indicators')
  @Roles(...READERS)
  @ApiOperation({
    summary: '考核指标与排名 Indicators and ranking',
    description:
      '按承办单位或乡镇,任意期间(≤ 366 天)由工单及其步骤计算:结案率 = 已结案/应结案;按期结案率 = 按期结案/应结案;按期处置率 = 按期处置/应处置;返工率 = 返工/应结案;延期率 = 延期/应处置;满意率 = 满意(含基本满意)/回访;平均办理时长。应结案:期限在期间内或期间内结案;应处置:期限在期间内或期间内反馈。 Indicators per unit or town for any period, computed from the records, ranked.',
  })
  @ApiOkResponse({ type: IndicatorsView })
  indicators(@Query() query: IndicatorsQuery): Promise<RawJson<IndicatorsView>> {
    return this.client.requestRaw(S.indicators, query, { timeoutMs: 60_000 });
  }

  @Get('assessment/annual')
  @Roles(...READERS)
  @ApiOperation({ summary: '乡镇年度考核 The town\'s annual assessment', description: '派驻机构按登记的乡镇考核权重(≥ 50%)折算,及本镇职能机构的得分。 Dispatched agencies with the town\'s registered weight (≥ 50 %), and the town\'s own institutions.' })
  @ApiOkResponse({ type: AnnualAssessmentView })
  annual(@Query() query: AnnualAssessmentQuery): Promise<RawJson<AnnualAssessmentView>> {
    return this.client.requestRaw(S.annualAssessment, query, { timeoutMs: 60_000 });
  }
}
