import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ChangePasswordCommand, IDENTITY_SUBJECTS, LoginRequest, LogoutCommand, RefreshRequest } from '@yiti/contracts';
import { anonymousCommand, command, type AnonymousCommand, type Command } from '@yiti/platform';
import { AuthService } from './auth.service';

@Controller()
export class AuthHandler {
  constructor(private readonly auth: AuthService) {}

  @MessagePattern(IDENTITY_SUBJECTS.login)
  login(@Payload(anonymousCommand(LoginRequest)) cmd: AnonymousCommand<LoginRequest>) {
    return this.auth.login(cmd.data);
  }

  @MessagePattern(IDENTITY_SUBJECTS.refresh)
  refresh(@Payload(anonymousCommand(RefreshRequest)) cmd: AnonymousCommand<RefreshRequest>) {
    return this.auth.refresh(cmd.data.refreshToken);
  }

  @MessagePattern(IDENTITY_SUBJECTS.logout)
  logout(@Payload(command(LogoutCommand)) cmd: Command<LogoutCommand>) {
    return this.auth.logout(cmd.actor, cmd.data);
  }

  @MessagePattern(IDENTITY_SUBJECTS.changePassword)
  changePassword(@Payload(command(ChangePasswordCommand)) cmd: Command<ChangePasswordCommand>) {
    return this.auth.changePassword(cmd.actor, cmd.data);
  }
}
