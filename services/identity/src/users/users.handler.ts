import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CreateUserRequest, IDENTITY_SUBJECTS, IdParam, ListUsersQuery, SetUserStatusCommand } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { UsersService } from './users.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @Handles(IDENTITY_SUBJECTS.createUser)
  create(@Payload(command(IDENTITY_SUBJECTS.createUser)) cmd: Command<CreateUserRequest>) {
    return this.users.create(cmd.actor, cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.getUser)
  get(@Payload(command(IDENTITY_SUBJECTS.getUser)) cmd: Command<IdParam>) {
    return this.users.get(cmd.actor, cmd.data.id);
  }

  @Handles(IDENTITY_SUBJECTS.me)
  me(@Payload(command(IDENTITY_SUBJECTS.me)) cmd: Command<unknown>) {
    return this.users.me(cmd.actor);
  }

  @Handles(IDENTITY_SUBJECTS.listUsers)
  list(@Payload(command(IDENTITY_SUBJECTS.listUsers)) cmd: Command<ListUsersQuery>) {
    return this.users.list(cmd.actor, cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.setUserStatus)
  setStatus(@Payload(command(IDENTITY_SUBJECTS.setUserStatus)) cmd: Command<SetUserStatusCommand>) {
    return this.users.setStatus(cmd.actor, cmd.data.id, cmd.data);
  }
}
