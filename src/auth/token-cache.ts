/** A token this close to its expiry is fetched again: msal-node's own margin. */
export const RENEW_BEFORE_MS = 5 * 60_000

/** An access token and when it expires (undefined: unknown, so never reused). */
export interface ExpiringToken {
  token: string
  expiresAtMs: number | undefined
}

/**
 * Tokens by scope, fetched again only when the one at hand is about to expire.
 * A run asks for its token more than once (sign-in, then each query attempt);
 * only a real token request may start az or fetch a GitHub ID token.
 */
export function cachedTokens(
  fetch: (scope: string) => Promise<ExpiringToken>,
  now: () => number = Date.now
): (scope: string) => Promise<string> {
  const cache = new Map<string, ExpiringToken>()
  return async scope => {
    const cached = cache.get(scope)
    if (cached?.expiresAtMs !== undefined && cached.expiresAtMs - RENEW_BEFORE_MS > now()) return cached.token
    const fresh = await fetch(scope)
    cache.set(scope, fresh)
    return fresh.token
  }
}
