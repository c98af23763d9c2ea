import { describe, expect, it } from 'vitest'
import { RecordEnds } from '../../../src/records/record-ends.js'
import type { OutputFormat } from '../../../src/settings.js'
import { expectSame, expectHolds } from '../fixtures/expect-same.js'
import { random } from '../fixtures/random.js'

/** Records of a part in each format: JSON one per line (no raw line feed inside), CSV with quoted line breaks. */
const RECORDS: Record<OutputFormat, string[]> = {
  json: [
    '{"a":1,"s":"x\\ny"}\n',
    '{"a":2,"s":"quote \\" and \\\\n, ✓ 𝄞"}\n',
    '{}\n',
    '{"a":4,"d":{"k":[1,"}\\n"]}}\n',
    '{"a":5}\n'
  ],
  ndjson: ['{"a":1}\n', '{"s":"\\r\\n"}\n', '{"a":3,"t":"é"}\n'],
  csv: [
    '1,plain\r\n',
    '2,"two\r\nlines, and ""quotes"""\r\n',
    '3,"""\n"""\r\n',
    ',,""\r\n',
    '5,"a\nb\rc",✓\r\n',
    '6,"""",""""""\r\n',
    '7,"ends with a line feed\n"\r\n'
  ]
}

/** The bytes `ends` takes from `bytes` fed in `chunks` (lengths), checking that it takes a prefix and then nothing. */
function taken(ends: RecordEnds, bytes: Buffer, chunks: number[]): number {
  let at = 0
  let total = 0
  let ended = false
  for (const length of chunks) {
    const chunk = bytes.subarray(at, at + length)
    const n = ends.take(chunk)
    expectHolds(n >= 0 && n <= chunk.length, `took ${n} of a chunk of ${chunk.length}`)
    if (ended) expectSame(n, 0, 'took bytes after the records ended')
    if (n < chunk.length) ended = true
    total += n
    at += length
  }
  return total
}

/** Chunk lengths that cover `length` bytes: every byte alone, one chunk, or random cuts. */
function splits(length: number, next: () => number): number[][] {
  const cuts: number[] = []
  for (let left = length; left > 0;) {
    const n = Math.min(left, Math.floor(next() * 12))
    cuts.push(n)
    left -= n
  }
  return [Array.from({ length }, () => 1), [length], cuts, [0, length, 0]]
}

describe('RecordEnds', () => {
  for (const format of ['json', 'ndjson', 'csv'] as const) {
    describe(format, () => {
      const records = RECORDS[format]
      const bytes = Buffer.from(records.join(''))
      const endOf = (n: number) => Buffer.byteLength(records.slice(0, n).join(''))

      it('takes the first n records exactly, however the bytes are cut into chunks', () => {
        const next = random(records.length)
        for (let n = 0; n <= records.length; n++) {
          for (const chunks of splits(bytes.length, next)) {
            expectSame(taken(new RecordEnds(format, n), bytes, chunks), endOf(n), `n=${n} chunks=${chunks.join(',')}`)
          }
        }
      })

      it('takes all of the bytes when n is beyond the records', () => {
        expect(taken(new RecordEnds(format, records.length + 1), bytes, [bytes.length])).toBe(bytes.length)
        expect(taken(new RecordEnds(format, 1_000), bytes, [3, bytes.length - 3])).toBe(bytes.length)
      })

      it('takes nothing for n = 0, and nothing more once the records have ended', () => {
        const none = new RecordEnds(format, 0)
        expect(none.take(bytes)).toBe(0)
        expect(none.take(new Uint8Array(0))).toBe(0)
        const one = new RecordEnds(format, 1)
        expect(one.take(bytes)).toBe(endOf(1))
        expect(one.take(bytes)).toBe(0)
      })

      it('takes a chunk without a record end whole', () => {
        const ends = new RecordEnds(format, 1)
        const first = Buffer.from(records[0])
        expect(ends.take(first.subarray(0, first.length - 1))).toBe(first.length - 1)
        expect(ends.take(new Uint8Array(0))).toBe(0)
        expect(ends.take(first.subarray(first.length - 1))).toBe(1)
      })
    })
  }

  it('follows CSV quotes across chunks: a line feed inside quotes is text', () => {
    const bytes = Buffer.from('"a\n""\nb"\r\n2\r\n')
    for (let cut = 0; cut <= bytes.length; cut++) {
      expectSame(taken(new RecordEnds('csv', 1), bytes, [cut, bytes.length - cut]), 10, `cut at ${cut}`)
    }
    // Read as JSON lines, the same bytes hold a record end at the first line feed.
    expect(new RecordEnds('ndjson', 1).take(bytes)).toBe(3)
  })
})
