import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ChangePasswordCommand, IDENTITY_SUBJECTS, LoginRequest, LogoutCommand, RefreshRequest } from '@yiti/contracts';
import { anonymousCommand, command, type AnonymousCommand, type Command, Handles } from '@yiti/platform';
import { AuthService } from './auth.service';

@Controller()
export class AuthHandler {
  constructor(private readonly auth: AuthService) {}

  @Handles(IDENTITY_SUBJECTS.login)
  login(@Payload(anonymousCommand(IDENTITY_SUBJECTS.login)) cmd: AnonymousCommand<LoginRequest>) {
    return this.auth.login(cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.refresh)
  refresh(@Payload(anonymousCommand(IDENTITY_SUBJECTS.refresh)) cmd: AnonymousCommand<RefreshRequest>) {
    return this.auth.refresh(cmd.data.refreshToken);
  }

  @Handles(IDENTITY_SUBJECTS.logout)
  logout(@Payload(command(IDENTITY_SUBJECTS.logout)) cmd: Command<LogoutCommand>) {
    return this.auth.logout(cmd.actor, cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.changePassword)
  changePassword(@Payload(command(IDENTITY_SUBJECTS.changePassword)) cmd: Command<ChangePasswordCommand>) {
    return this.auth.changePassword(cmd.actor, cmd.data);
  }
}
