import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateUserRequest, IDENTITY_SUBJECTS, IdParam, ListUsersQuery, SetUserStatusCommand } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { UsersService } from './users.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(IDENTITY_SUBJECTS.createUser)
  create(@Payload(command(CreateUserRequest)) cmd: Command<CreateUserRequest>) {
    return this.users.create(cmd.actor, cmd.data);
  }

  @MessagePattern(IDENTITY_SUBJECTS.getUser)
  get(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.users.get(cmd.actor, cmd.data.id);
  }

  @MessagePattern(IDENTITY_SUBJECTS.me)
  me(@Payload(command(null)) cmd: Command<unknown>) {
    return this.users.me(cmd.actor);
  }

  @MessagePattern(IDENTITY_SUBJECTS.listUsers)
  list(@Payload(command(ListUsersQuery)) cmd: Command<ListUsersQuery>) {
    return this.users.list(cmd.actor, cmd.data);
  }

  @MessagePattern(IDENTITY_SUBJECTS.setUserStatus)
  setStatus(@Payload(command(SetUserStatusCommand)) cmd: Command<SetUserStatusCommand>) {
    return this.users.setStatus(cmd.actor, cmd.data.id, cmd.data);
  }
}
