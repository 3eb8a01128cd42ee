import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { IDENTITY_SUBJECTS, IdParam, IssueChannelCredentialRequest, ListChannelCredentialsQuery, VerifyChannelCredentialRequest } from '@yiti/contracts';
import { anonymousCommand, command, type AnonymousCommand, type Command, Handles } from '@yiti/platform';
import { ChannelCredentialsService } from './channel-credentials.service';

@Controller()
export class ChannelCredentialsHandler {
  constructor(private readonly credentials: ChannelCredentialsService) {}

  @Handles(IDENTITY_SUBJECTS.issueChannelCredential)
  issue(@Payload(command(IDENTITY_SUBJECTS.issueChannelCredential)) cmd: Command<IssueChannelCredentialRequest>) {
    return this.credentials.issue(cmd.actor, cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.revokeChannelCredential)
  revoke(@Payload(command(IDENTITY_SUBJECTS.revokeChannelCredential)) cmd: Command<IdParam>) {
    return this.credentials.revoke(cmd.actor, cmd.data.id);
  }

  @Handles(IDENTITY_SUBJECTS.listChannelCredentials)
  list(@Payload(command(IDENTITY_SUBJECTS.listChannelCredentials)) cmd: Command<ListChannelCredentialsQuery>) {
    return this.credentials.list(cmd.actor, cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.verifyChannelCredential)
  verify(@Payload(anonymousCommand(IDENTITY_SUBJECTS.verifyChannelCredential)) cmd: AnonymousCommand<VerifyChannelCredentialRequest>) {
    return this.credentials.verify(cmd.data);
  }
}
