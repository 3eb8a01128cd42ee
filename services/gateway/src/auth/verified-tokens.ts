/** Most access tokens remembered; past it the oldest is forgotten (it is then verified again). */
const MAX_REMEMBERED = 10_000;

/**
 * Claims of access tokens whose signature, issuer and audience were verified, by token. The same
 * token string always verifies to the same claims, so a token seen again skips the HMAC and JSON
 * work (about 5 % of the gateway's CPU) until it expires; expiry is checked at every use, exactly
 * as jsonwebtoken does, and revocation is checked by the guard afterwards as for a fresh token.
 */
export class VerifiedTokens<C extends { exp?: number }> {
  private readonly claims = new Map<string, C>();

  /** The claims of a verified, still unexpired token; undefined otherwise. */
  get(token: string, nowMs = Date.now()): C | undefined {
    const claims = this.claims.get(token);
    if (claims === undefined) return undefined;
    if (!unexpired(claims, nowMs)) {
      this.claims.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers a token that just verified; one without an expiry is never remembered. */
  remember(token: string, claims: C, nowMs = Date.now()): void {
    if (!unexpired(claims, nowMs)) return;
    if (this.claims.size >= MAX_REMEMBERED) {
      const oldest = this.claims.keys().next().value;
      if (oldest !== undefined) this.claims.delete(oldest);
    }
    this.claims.set(token, claims);
  }
}

/** jsonwebtoken's rule: expired once the current second reaches exp. */
function unexpired(claims: { exp?: number }, nowMs: number): boolean {
  return typeof claims.exp === 'number' && Math.floor(nowMs / 1000) < claims.exp;
}
