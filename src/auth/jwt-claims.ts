/**
 * The claims of a JWT, read without verifying it: only to tell the user what a
 * rejected token said. Undefined when the text is not a JWT.
 */
export function readJwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1]
  if (!payload) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** `iss`, `sub` and `aud` of a token, for a message: `iss "…", sub "…", aud "…"` (the claims that are there). */
export function describeFederationClaims(token: string): string | undefined {
  const claims = readJwtClaims(token)
  if (!claims) return undefined
  const parts = ['iss', 'sub', 'aud']
    .filter(name => claims[name] !== undefined)
    .map(
      name =>
        `${name} ${JSON.stringify(Array.isArray(claims[name]) ? (claims[name] as unknown[]).join(' ') : String(claims[name]))}`
    )
  return parts.length > 0 ? parts.join(', ') : undefined
}
