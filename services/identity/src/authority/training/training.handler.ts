import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTHORITY_SUBJECTS,
  CreateTrainingSessionRequest,
  IdParam,
  IssueCertificationRequest,
  ListAttendanceQuery,
  ListCertificationsQuery,
  ListTrainingSessionsQuery,
  MayExerciseQuery,
  RecordAttendanceCommand,
  RevokeCertificationCommand,
} from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { CertificationService } from './certification.service';
import { TrainingService } from './training.service';

@Controller()
export class TrainingHandler {
  constructor(
    private readonly training: TrainingService,
    private readonly certifications: CertificationService,
  ) {}

  @MessagePattern(AUTHORITY_SUBJECTS.createTrainingSession)
  createSession(@Payload(command(CreateTrainingSessionRequest)) cmd: Command<CreateTrainingSessionRequest>) {
    return this.training.createSession(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listTrainingSessions)
  listSessions(@Payload(command(ListTrainingSessionsQuery)) cmd: Command<ListTrainingSessionsQuery>) {
    return this.training.listSessions(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.getTrainingSession)
  getSession(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.training.getSession(cmd.actor, cmd.data.id);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.recordAttendance)
  recordAttendance(@Payload(command(RecordAttendanceCommand)) cmd: Command<RecordAttendanceCommand>) {
    return this.training.recordAttendance(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listAttendance)
  listAttendance(@Payload(command(ListAttendanceQuery)) cmd: Command<ListAttendanceQuery>) {
    return this.training.listAttendance(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.issueCertification)
  issue(@Payload(command(IssueCertificationRequest)) cmd: Command<IssueCertificationRequest>) {
    return this.certifications.issue(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.revokeCertification)
  revoke(@Payload(command(RevokeCertificationCommand)) cmd: Command<RevokeCertificationCommand>) {
    return this.certifications.revoke(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listCertifications)
  listCertifications(@Payload(command(ListCertificationsQuery)) cmd: Command<ListCertificationsQuery>) {
    return this.certifications.list(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.getCertification)
  getCertification(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.certifications.get(cmd.actor, cmd.data.id);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.mayExercise)
  mayExercise(@Payload(command(MayExerciseQuery)) cmd: Command<MayExerciseQuery>) {
    return this.certifications.mayExercise(cmd.actor, cmd.data);
  }
}
