import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AUTHORITY_SUBJECTS,
  AttendanceView,
  CertificationView,
  CreateTrainingSessionRequest,
  IdParam,
  IssueCertificationRequest,
  ListAttendanceQuery,
  ListCertificationsQuery,
  ListTrainingSessionsQuery,
  MayExerciseQuery,
  MayExerciseView,
  RecordAttendanceRequest,
  RecordAttendanceResult,
  RevokeCertificationRequest,
  TrainingSessionView,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('全员培训与执法资格 Training and certification')
@ApiBearerAuth()
@Controller()
export class TrainingController {
  constructor(private readonly client: ServiceClient) {}

  @Post('training-sessions')
  @Roles('county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '登记培训 Create a training session', description: '业务类别须为本县选用目录中事项的类别。 Categories must be those of the county catalog\'s items.' })
  @ApiCreatedResponse({ type: TrainingSessionView })
  createSession(@Body() body: CreateTrainingSessionRequest): Promise<RawJson<TrainingSessionView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.createTrainingSession, body);
  }

  @Get('training-sessions')
  @ApiOperation({ summary: '培训列表 Training sessions of your county' })
  @ApiPage(TrainingSessionView)
  listSessions(@Query() query: ListTrainingSessionsQuery): Promise<RawJson<Page<TrainingSessionView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listTrainingSessions, query);
  }

  @Get('training-sessions/:id')
  @ApiOperation({ summary: '培训详情 Training session' })
  @ApiOkResponse({ type: TrainingSessionView })
  getSession(@Param() params: IdParam): Promise<RawJson<TrainingSessionView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.getTrainingSession, params);
  }

  @Post('training-sessions/:id/attendance')
  @HttpCode(200)
  @Roles('county_admin', 'leader')
  @ApiOperation({
    summary: '记录参训情况 Record attendance',
    description: '县级管理员记录本县人员,乡镇分管领导记录本镇人员;同一人再次记录即更正。全部成功或全部不做。 A county admin records the county\'s people, a town\'s leader the town\'s; recording again corrects. All or nothing.',
  })
  @ApiOkResponse({ type: RecordAttendanceResult })
  recordAttendance(@Param() params: IdParam, @Body() body: RecordAttendanceRequest): Promise<RawJson<RecordAttendanceResult>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.recordAttendance, { ...body, sessionId: params.id });
  }

  @Get('training-attendance')
  @ApiOperation({ summary: '参训记录 Attendance records in your jurisdiction' })
  @ApiPage(AttendanceView)
  listAttendance(@Query() query: ListAttendanceQuery): Promise<RawJson<Page<AttendanceView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listAttendance, query);
  }

  @Post('certifications')
  @Roles('county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '发放执法证 Issue an enforcement certificate', description: '持证人须具有执法人员角色;证号唯一。 The holder must be an enforcement officer; numbers are unique.' })
  @ApiCreatedResponse({ type: CertificationView })
  issue(@Body() body: IssueCertificationRequest): Promise<RawJson<CertificationView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.issueCertification, body);
  }

  @Get('certifications')
  @ApiOperation({ summary: '执法证列表 Certifications in your jurisdiction' })
  @ApiPage(CertificationView)
  listCertifications(@Query() query: ListCertificationsQuery): Promise<RawJson<Page<CertificationView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listCertifications, query);
  }

  @Get('certifications/:id')
  @ApiOperation({ summary: '执法证详情 Certification' })
  @ApiOkResponse({ type: CertificationView })
  getCertification(@Param() params: IdParam): Promise<RawJson<CertificationView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.getCertification, params);
  }

  @Post('certifications/:id/revoke')
  @HttpCode(200)
  @Roles('county_admin')
  @ApiOperation({ summary: '撤销执法证 Revoke a certificate', description: '自撤销日起失效,不得追溯。 Invalid from the revocation date, never retroactively.' })
  @ApiOkResponse({ type: CertificationView })
  revoke(@Param() params: IdParam, @Body() body: RevokeCertificationRequest): Promise<RawJson<CertificationView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.revokeCertification, { ...body, id: params.id });
  }

  @Get('may-exercise')
  @ApiOperation({
    summary: '执法人员某日可否行使某项权力 May officer O exercise power P on date D',
    description: '须持有当日有效且涵盖该事项类别的执法证;乡镇人员还须所在乡镇当日持有该权力(过渡期亦可)。县级人员无须赋权。 A valid certificate covering the item\'s category; for a town officer the town must also hold the power (transition counts).',
  })
  @ApiOkResponse({ type: MayExerciseView })
  mayExercise(@Query() query: MayExerciseQuery): Promise<RawJson<MayExerciseView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.mayExercise, query);
  }
}
