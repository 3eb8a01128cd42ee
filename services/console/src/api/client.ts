import createClient from 'openapi-fetch';
import { ApiError, showProblem, type Problem } from '../lib/problem';
import { Session, type Tokens } from '../lib/session';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const origin = typeof window === 'undefined' ? 'http://127.0.0.1' : window.location.origin;

async function refreshTokens(refreshToken: string): Promise<Tokens | null> {
  const res = await fetch(`${origin}/api/v1/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
  if (!res.ok) return null;
  return (await res.json()) as Tokens;
}

export const session = new Session(refreshTokens);

/** Codes that mean the access token is no good any more, where one refresh may help. */
const RENEWABLE = new Set(['AUTH_TOKEN_EXPIRED', 'AUTH_TOKEN_INVALID']);

/** fetch with the bearer token; an expired token is renewed once and the request sent again. */
export async function authorisedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const send = (req: Request) => {
    const token = session.accessToken;
    if (token) req.headers.set('Authorization', `Bearer ${token}`);
    return fetch(req);
  };
  const res = await send(request);
  if (res.status !== 401 || !session.refreshToken) return res;
  const body = (await res.clone().json().catch(() => null)) as Problem | null;
  if (!RENEWABLE.has(body?.code ?? '')) {
    session.end();
    return res;
  }
  return (await session.refresh()) ? send(retry) : res;
}

export const api = createClient<paths>({ baseUrl: origin, fetch: authorisedFetch });

/** The data of an openapi-fetch answer, or an ApiError in plain Chinese. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(showProblem(undefined), 0);
  }
  if (result.error !== undefined || !result.response.ok) throw new ApiError(showProblem(result.error as Problem, result.response.status), result.response.status);
  return result.data as T;
}

/** Opens a printable document: fetched with the token, shown from memory in a new window for printing. */
export async function openForPrint(path: string): Promise<void> {
  const target = window.open('', '_blank');
  const res = await authorisedFetch(new Request(`${origin}${path}`));
  if (!res.ok) {
    target?.close();
    throw new ApiError(showProblem((await res.json().catch(() => undefined)) as Problem, res.status), res.status);
  }
  const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html;charset=utf-8' }));
  if (target) target.location.href = url;
  else window.location.assign(url);
}

/** Opens an application's printable notice. */
export function openNoticeForPrint(applicationId: string, noticeId: string): Promise<void> {
  return openForPrint(`/api/v1/applications/${applicationId}/notices/${noticeId}/print`);
}
