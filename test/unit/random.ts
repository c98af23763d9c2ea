/** A small deterministic generator, so that a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    state ^= state + Math.imul(state ^ (state >>> 7), 61)
    return ((state ^ (state >>> 14)) >>> 0) / 4294967296
  }
}

/** One of `items`, chosen by `next`. */
export function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]
}
