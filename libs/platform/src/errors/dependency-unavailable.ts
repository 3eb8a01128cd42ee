/**
 * SQLSTATE classes and codes that mean PostgreSQL cannot serve now (not that the request is wrong):
 * connection exceptions (08), too many connections (53300), shutting down or starting (57P01–57P03).
 */
const UNAVAILABLE_SQLSTATES = /^(08...|53300|57P0[123])$/;
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What node-postgres says, without a code, when its connection is gone or cannot be made in time. */
const UNAVAILABLE_MESSAGES = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection is closed|terminating connection/i;

/** Seconds a client is told to wait (Retry-After) before retrying when a dependency is down. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** True when the error says PostgreSQL is unreachable or refusing work, not that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    // TypeORM's QueryFailedError carries the driver's error.
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
