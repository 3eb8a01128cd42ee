import 'reflect-metadata';
import { createSecretKey } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@yiti/contracts';
import { DomainException, Public } from '@yiti/platform';
import type { GatewayConfig } from '../config';
import { AuthGuard } from './auth.guard';
import type { ChannelCredentials } from './channel-credentials';
import { AllowedBeforePasswordChange, ChannelRoute, Roles } from './principal';
import type { RevokedSessions } from './revoked-sessions';

@Roles('county_admin')
class SomeController {
  open(): string {
    return 'open';
  }
  @Public()
  publicRoute(): string {
    return 'publicRoute';
  }
  @Roles('window_clerk')
  clerkOnly(): string {
    return 'clerkOnly';
  }
  anyRoleOfClass(): string {
    return 'anyRoleOfClass';
  }
  @AllowedBeforePasswordChange()
  changePassword(): string {
    return 'changePassword';
  }
  @ChannelRoute()
  channelRoute(): string {
    return 'channelRoute';
  }
}

class PlainController {
  signedIn(): string {
    return 'signedIn';
  }
}

const jwt = new JwtService({ secret: createSecretKey(Buffer.from('a secret of the spec, long enough')) });
const token = (roles: Role[], extra: Record<string, unknown> = {}) =>
  jwt.sign({ sub: 'u1', sid: 's1', usr: 'clerk', roles, org: 'o1', jur: '320585102', ...extra }, { issuer: 'yiti-identity', audience: 'yiti', expiresIn: 600 });

function contextOf(controller: new () => object, method: string, authorization?: string): ExecutionContext {
  const request = { headers: { authorization } };
  const handler = (controller.prototype as Record<string, () => void>)[method];
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard', () => {
  const verifiedChannel = { id: 'c1', countyCode: '320585', channel: 'hotline_12345' };
  const guard = new AuthGuard(
    new Reflector(),
    jwt,
    { isRevoked: () => false } as unknown as RevokedSessions,
    { verify: async () => verifiedChannel } as unknown as ChannelCredentials,
    { JWT_PREVIOUS_SECRETS: [] } as unknown as GatewayConfig,
  );
  const codeOf = async (context: ExecutionContext) => {
    try {
      return await guard.canActivate(context);
    } catch (error) {
      return (error as DomainException).code;
    }
  };

  it('applies each route\'s own decorators, the handler\'s over its class\'s, however often and in whatever order routes are called', async () => {
    const clerk = `Bearer ${token(['window_clerk'])}`;
    const admin = `Bearer ${token(['county_admin'])}`;
    const mustChange = `Bearer ${token(['county_admin'], { pwc: true })}`;
    for (let round = 0; round < 2; round++) {
      expect(await codeOf(contextOf(SomeController, 'publicRoute'))).toBe(true);
      expect(await codeOf(contextOf(SomeController, 'open'))).toBe('AUTH_REQUIRED');
      expect(await codeOf(contextOf(SomeController, 'clerkOnly', clerk))).toBe(true);
      expect(await codeOf(contextOf(SomeController, 'clerkOnly', admin))).toBe('FORBIDDEN_ROLE');
      expect(await codeOf(contextOf(SomeController, 'anyRoleOfClass', clerk))).toBe('FORBIDDEN_ROLE');
      expect(await codeOf(contextOf(SomeController, 'anyRoleOfClass', admin))).toBe(true);
      expect(await codeOf(contextOf(SomeController, 'anyRoleOfClass', mustChange))).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
      expect(await codeOf(contextOf(SomeController, 'changePassword', mustChange))).toBe(true);
      expect(await codeOf(contextOf(PlainController, 'signedIn', clerk))).toBe(true);
      expect(await codeOf(contextOf(PlainController, 'signedIn', 'Basic abc'))).toBe('AUTH_TOKEN_INVALID');
      const channel = contextOf(SomeController, 'channelRoute', 'Channel c1.secret');
      expect(await codeOf(channel)).toBe(true);
      expect(channel.switchToHttp().getRequest<{ channel?: unknown }>().channel).toEqual(verifiedChannel);
    }
  });
});
