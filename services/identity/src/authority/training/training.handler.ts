import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
import { command, type Command, Handles } from '@yiti/platform';
import { CertificationService } from './certification.service';
import { TrainingService } from './training.service';

@Controller()
export class TrainingHandler {
  constructor(
    private readonly training: TrainingService,
    private readonly certifications: CertificationService,
  ) {}

  @Handles(AUTHORITY_SUBJECTS.createTrainingSession)
  createSession(@Payload(command(AUTHORITY_SUBJECTS.createTrainingSession)) cmd: Command<CreateTrainingSessionRequest>) {
    return this.training.createSession(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listTrainingSessions)
  listSessions(@Payload(command(AUTHORITY_SUBJECTS.listTrainingSessions)) cmd: Command<ListTrainingSessionsQuery>) {
    return this.training.listSessions(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.getTrainingSession)
  getSession(@Payload(command(AUTHORITY_SUBJECTS.getTrainingSession)) cmd: Command<IdParam>) {
    return this.training.getSession(cmd.actor, cmd.data.id);
  }

  @Handles(AUTHORITY_SUBJECTS.recordAttendance)
  recordAttendance(@Payload(command(AUTHORITY_SUBJECTS.recordAttendance)) cmd: Command<RecordAttendanceCommand>) {
    return this.training.recordAttendance(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listAttendance)
  listAttendance(@Payload(command(AUTHORITY_SUBJECTS.listAttendance)) cmd: Command<ListAttendanceQuery>) {
    return this.training.listAttendance(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.issueCertification)
  issue(@Payload(command(AUTHORITY_SUBJECTS.issueCertification)) cmd: Command<IssueCertificationRequest>) {
    return this.certifications.issue(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.revokeCertification)
  revoke(@Payload(command(AUTHORITY_SUBJECTS.revokeCertification)) cmd: Command<RevokeCertificationCommand>) {
    return this.certifications.revoke(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listCertifications)
  listCertifications(@Payload(command(AUTHORITY_SUBJECTS.listCertifications)) cmd: Command<ListCertificationsQuery>) {
    return this.certifications.list(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.getCertification)
  getCertification(@Payload(command(AUTHORITY_SUBJECTS.getCertification)) cmd: Command<IdParam>) {
    return this.certifications.get(cmd.actor, cmd.data.id);
  }

  @Handles(AUTHORITY_SUBJECTS.mayExercise)
  mayExercise(@Payload(command(AUTHORITY_SUBJECTS.mayExercise)) cmd: Command<MayExerciseQuery>) {
    return this.certifications.mayExercise(cmd.actor, cmd.data);
  }
}
