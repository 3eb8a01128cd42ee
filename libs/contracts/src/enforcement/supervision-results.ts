import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { defineSubject } from '../common/messages';
import { IsReason } from '../common/validators';
import type { SupervisionTaskView } from './enforcement.dto';

/** 监管任务办结: the inspection of the licence holder found nothing to pursue. */
export class CompleteSupervisionTaskRequest {
  @ApiProperty({ description: '检查情况 What the inspection found' })
  @IsReason(1000)
  note: string;
}

export class CompleteSupervisionTaskCommand extends CompleteSupervisionTaskRequest {
  @IsUUID()
  id: string;
}

export const SUPERVISION_RESULT_SUBJECTS = {
  complete: defineSubject('enforcement', 'supervision-tasks', 'complete', CompleteSupervisionTaskCommand).returns<SupervisionTaskView>(),
} as const;
