import { Injectable, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';

/**
 * A Reflector whose answers are remembered per decorated target (controller method or class) and
 * key: decorators are fixed once a class is defined. The throttler asks up to six per limit and
 * request (skip, limit, ttl, block duration, tracker, key generator; three limits here).
 */
class RememberingReflector extends Reflector {
  private readonly answers = new WeakMap<object, Map<unknown, unknown>>();

  override get<TResult = unknown, TKey = unknown>(key: TKey, target: Type | ((...args: never[]) => unknown)): TResult {
    let byKey = this.answers.get(target);
    if (!byKey) this.answers.set(target, (byKey = new Map()));
    if (!byKey.has(key)) byKey.set(key, super.get(key, target));
    return byKey.get(key) as TResult;
  }
}

/**
 * The library's guard, whose 429 also carries the standard `Retry-After` (seconds) whichever limit
 * was hit: the library names it `Retry-After-<limit>` for every limit but the default one.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(@InjectThrottlerOptions() options: ThrottlerModuleOptions, @InjectThrottlerStorage() storage: ThrottlerStorage) {
    super(options, storage, new RememberingReflector());
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    response.header('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    return super.throwThrottlingException(context, detail);
  }
}
