import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { stepRoles, type Actor, type Role } from '@yiti/contracts';

/** The verified caller of an HTTP request. */
export interface Principal {
  actor: Actor;
  sessionId: string;
}

export type AuthenticatedRequest = { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('route has no principal: is it marked @Public()?');
  return principal;
});

export const ROLES_KEY = 'yiti:roles';
/** Any one of these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A lifecycle step's route: the roles the lifecycle table gives the action (see `stepRoles`). */
export const StepRoles = <A extends string>(table: Record<string, Partial<Record<A, { by: Role | 'system' }>>>, action: A) => Roles(...stepRoles(table, action));

export const BEFORE_PASSWORD_CHANGE_KEY = 'yiti:before-password-change';
/**
 * A route a user who must change their initial password may still call (change it, sign out, who am
 * I); every other route answers AUTH_PASSWORD_CHANGE_REQUIRED until the password is changed.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE_KEY, true);

export const CHANNEL_ROUTE_KEY = 'yiti:channel-route';
/**
 * A route an external channel's system calls with its machine credential (`Authorization: Channel
 * <id>.<secret>`) instead of a user's bearer token; the principal is the channel, in its county.
 */
export const ChannelRoute = () => SetMetadata(CHANNEL_ROUTE_KEY, true);

/** The verified channel of a channel route's request. */
export type ChannelRequest = AuthenticatedRequest & { channel?: { id: string; countyCode: string; channel: string } };
