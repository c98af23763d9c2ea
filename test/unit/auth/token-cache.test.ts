import { describe, expect, it } from 'vitest'
import { cachedTokens, RENEW_BEFORE_MS, type ExpiringToken } from '../../../src/auth/token-cache.js'

function counting(expiresInMs: number | undefined, clock: { now: number }) {
  const fetched: string[] = []
  const get = cachedTokens(
    async scope => {
      fetched.push(scope)
      return {
        token: `${scope}#${fetched.length}`,
        expiresAtMs: expiresInMs === undefined ? undefined : clock.now + expiresInMs
      } satisfies ExpiringToken
    },
    () => clock.now
  )
  return { get, fetched }
}

describe('cachedTokens', () => {
  it('fetches once per scope while the token has more than five minutes left', async () => {
    const clock = { now: 1_000_000 }
    const { get, fetched } = counting(3_600_000, clock)
    expect(await get('a')).toBe('a#1')
    clock.now += 3_600_000 - RENEW_BEFORE_MS - 1
    expect(await get('a')).toBe('a#1')
    expect(await get('b')).toBe('b#2')
    expect(fetched).toEqual(['a', 'b'])
  })

  it('fetches again within five minutes of the expiry', async () => {
    const clock = { now: 1_000_000 }
    const { get, fetched } = counting(3_600_000, clock)
    await get('a')
    clock.now += 3_600_000 - RENEW_BEFORE_MS
    expect(await get('a')).toBe('a#2')
    expect(fetched).toEqual(['a', 'a'])
  })

  it('never reuses a token whose expiry is unknown, or one that lives less than five minutes', async () => {
    const clock = { now: 0 }
    const unknown = counting(undefined, clock)
    await unknown.get('a')
    await unknown.get('a')
    expect(unknown.fetched).toHaveLength(2)
    const short = counting(120_000, clock)
    await short.get('a')
    await short.get('a')
    expect(short.fetched).toHaveLength(2)
  })

  it('does not keep a failure', async () => {
    let calls = 0
    const get = cachedTokens(async () => {
      calls++
      if (calls === 1) throw new Error('first fails')
      return { token: 't', expiresAtMs: Date.now() + 3_600_000 }
    })
    await expect(get('a')).rejects.toThrow('first fails')
    expect(await get('a')).toBe('t')
  })
})
