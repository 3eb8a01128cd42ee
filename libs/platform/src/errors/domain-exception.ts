import { ERROR_CATALOG, type ErrorCode, type FieldError, type RpcErrorBody } from '@yiti/contracts';

/** A rule of the domain said no. Carries a stable code that maps to an HTTP status at the gateway. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? ERROR_CATALOG[code].title);
    this.name = 'DomainException';
  }

  toRpcBody(): RpcErrorBody {
    return { code: this.code, detail: this.detail, errors: this.errors };
  }
}

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as RpcErrorBody).code === 'string' && (value as RpcErrorBody).code in ERROR_CATALOG;
}
