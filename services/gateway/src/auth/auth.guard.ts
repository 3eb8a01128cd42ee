import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ALL_ROLES, type AccessTokenClaims, type Role } from '@yiti/contracts';
import { DomainException, IS_PUBLIC, SERVICE_CONFIG, currentContext } from '@yiti/platform';
import type { GatewayConfig } from '../config';
import { ChannelCredentials } from './channel-credentials';
import { BEFORE_PASSWORD_CHANGE_KEY, CHANNEL_ROUTE_KEY, ROLES_KEY, type AuthenticatedRequest, type ChannelRequest } from './principal';
import { RevokedSessions } from './revoked-sessions';
import { VerifiedTokens } from './verified-tokens';

type Claims = AccessTokenClaims & { exp: number };

/** The claims identity signs; a token without an expiry (which jsonwebtoken would accept forever) is not one. */
function isClaims(value: unknown): value is Claims {
  const c = value as Claims;
  return typeof c?.exp === 'number' && typeof c.sub === 'string' && typeof c.sid === 'string' && typeof c.jur === 'string' && typeof c.org === 'string' && Array.isArray(c.roles);
}

/** What a route's decorators say about who may call it. */
interface RouteAuth {
  isPublic: boolean;
  isChannel: boolean;
  beforePasswordChange: boolean;
  roles: Role[] | undefined;
}

/** Every route needs a valid, unrevoked access token unless marked @Public(); then @Roles applies. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens<Claims>();
  /** Each route's decorators, by controller class and handler. */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAuth>>();
  /** Keys of a rotation's overlap (JWT_PREVIOUS_SECRETS), tried after the current one. */
  private readonly previousKeys: Buffer[];

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly revoked: RevokedSessions,
    private readonly channels: ChannelCredentials,
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
  ) {
    this.previousKeys = (config.JWT_PREVIOUS_SECRETS ?? []).map((key) => Buffer.from(key));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const route = this.routeOf(context);
    if (route.isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    if (route.isChannel) return this.channel(request);
    const header = request.headers.authorization;
    if (!header) throw new DomainException('AUTH_REQUIRED', '缺少 Authorization: Bearer 令牌 Missing bearer token');
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new DomainException('AUTH_TOKEN_INVALID', 'Authorization 须为 Bearer <token> Expected Bearer <token>');
    const claims = this.verified.get(token) ?? (await this.verify(token));
    if (this.revoked.isRevoked(claims.sid)) throw new DomainException('AUTH_SESSION_REVOKED');
    const roles = claims.roles.filter((r): r is Role => (ALL_ROLES as string[]).includes(r));
    const actor = { userId: claims.sub, username: claims.usr, roles, organisationId: claims.org, jurisdictionCode: claims.jur };
    request.principal = { actor, sessionId: claims.sid };
    const context$ = currentContext();
    if (context$) context$.actor = actor;
    if (claims.pwc && !route.beforePasswordChange) throw new DomainException('AUTH_PASSWORD_CHANGE_REQUIRED');

    const required = route.roles;
    if (required && !required.some((r) => roles.includes(r))) {
      throw new DomainException('FORBIDDEN_ROLE', `需要以下角色之一: ${required.join(', ')} Requires one of: ${required.join(', ')}`);
    }
    return true;
  }

  /** The route's decorators, read once per controller method (they are fixed when the class is defined). */
  private routeOf(context: ExecutionContext): RouteAuth {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.routes.get(controller);
    if (!byHandler) this.routes.set(controller, (byHandler = new WeakMap()));
    let route = byHandler.get(handler);
    if (!route) {
      const targets = [handler, controller];
      route = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
        isChannel: Boolean(this.reflector.getAllAndOverride<boolean>(CHANNEL_ROUTE_KEY, targets)),
        beforePasswordChange: Boolean(this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE_KEY, targets)),
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      };
      byHandler.set(handler, route);
    }
    return route;
  }

  /** A channel route: the channel's machine credential, not a user's token; the channel acts in its county. */
  private async channel(request: ChannelRequest & { headers: Record<string, string | undefined> }): Promise<boolean> {
    const credential = await this.channels.verify(request.headers.authorization);
    const actor = { userId: `channel:${credential.id}`, username: `channel:${credential.channel}`, roles: [], organisationId: '', jurisdictionCode: credential.countyCode };
    request.principal = { actor, sessionId: `channel:${credential.id}` };
    request.channel = credential;
    const context$ = currentContext();
    if (context$) context$.actor = actor;
    return true;
  }

  private async verify(token: string): Promise<Claims> {
    let claims: unknown;
    const options = { algorithms: ['HS256' as const], issuer: 'yiti-identity', audience: 'yiti' };
    try {
      claims = await this.jwt.verifyAsync(token, options);
    } catch (error) {
      if (error instanceof TokenExpiredError) throw new DomainException('AUTH_TOKEN_EXPIRED');
      claims = await this.verifyWithPreviousKeys(token, options);
    }
    if (!isClaims(claims)) throw new DomainException('AUTH_TOKEN_INVALID');
    this.verified.remember(token, claims);
    return claims;
  }

  /** During a JWT_SECRET rotation: a token signed under an earlier key, else AUTH_TOKEN_INVALID. */
  private async verifyWithPreviousKeys(token: string, options: { algorithms: 'HS256'[]; issuer: string; audience: string }): Promise<unknown> {
    for (const secret of this.previousKeys) {
      try {
        return await this.jwt.verifyAsync(token, { ...options, secret });
      } catch (error) {
        if (error instanceof TokenExpiredError) throw new DomainException('AUTH_TOKEN_EXPIRED');
      }
    }
    throw new DomainException('AUTH_TOKEN_INVALID');
  }
}
