/**
 * The signed-in session, in memory only: the access token and the rotating refresh token live in
 * this module and nowhere else (never localStorage or sessionStorage), so a reload asks to sign in
 * again. The access token is renewed silently a minute before it expires, and once more when an
 * answer says it expired.
 */

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  jurisdictionCode: string;
  roles: string[];
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** The platform asks for a new password first (首次登录须修改密码); every other route refuses until then. */
  passwordChangeRequired?: boolean;
  user: SessionUser;
}

type Listener = (user: SessionUser | null) => void;

/** When to renew: a minute before expiry, never sooner than 5 s from now. */
export function refreshDelayMs(expiresInSeconds: number): number {
  return Math.max(5, expiresInSeconds - 60) * 1000;
}

export class Session {
  private tokens: Tokens | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly refresher: (refreshToken: string) => Promise<Tokens | null>) {}

  get user(): SessionUser | null {
    return this.tokens?.user ?? null;
  }

  get accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  get refreshToken(): string | null {
    return this.tokens?.refreshToken ?? null;
  }

  /** True while the user must change their password before anything else. */
  get passwordChangeRequired(): boolean {
    return this.tokens?.passwordChangeRequired === true;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(tokens: Tokens): void {
    this.tokens = tokens;
    this.schedule(tokens.expiresIn);
    this.emit();
  }

  /** Keeps the user (their name, roles and jurisdiction) up to date after /auth/me. */
  updateUser(user: SessionUser): void {
    if (!this.tokens) return;
    this.tokens = { ...this.tokens, user };
    this.emit();
  }

  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.tokens = null;
    this.emit();
  }

  /** Renews the tokens (once at a time); false, and signed out, when the refresh token no longer works. */
  refresh(): Promise<boolean> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) return Promise.resolve(false);
    this.refreshing ??= this.refresher(refreshToken)
      .then((tokens) => {
        if (!tokens) {
          this.end();
          return false;
        }
        this.start(tokens);
        return true;
      })
      .catch(() => {
        this.end();
        return false;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private schedule(expiresIn: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), refreshDelayMs(expiresIn));
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.user);
  }
}
