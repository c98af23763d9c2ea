import { createReadStream } from 'node:fs'
import { expect } from 'vitest'

/**
 * Reads the Seq of every record in a records file (NDJSON or JSON), in file order: how many records there are, whether
 * any Seq came twice, and whether they are in Seq order (the table's time order).
 */
export async function seqsOf(
  file: string,
  rows: number
): Promise<{ count: number; twice: number[]; inOrder: boolean }> {
  const seen = new Uint8Array(rows)
  const twice: number[] = []
  let count = 0
  let inOrder = true
  let last = -1
  const key = Buffer.from('"Seq":')
  let rest = Buffer.alloc(0)
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    // A record is one line: the lines a chunk ends, with the part of one the chunk before left over.
    const joined = Buffer.concat([rest, chunk as Buffer])
    const end = joined.lastIndexOf(10) + 1
    const bytes = joined.subarray(0, end)
    rest = joined.subarray(end)
    for (let at = bytes.indexOf(key); at !== -1; at = bytes.indexOf(key, at + 1)) {
      let seq = 0
      for (let i = at + key.length; bytes[i] >= 48 && bytes[i] <= 57; i++) seq = seq * 10 + bytes[i] - 48
      if (seen[seq]) twice.push(seq)
      seen[seq] = 1
      if (seq < last) inOrder = false
      last = seq
      count++
    }
  }
  expect(rest.length).toBe(0)
  return { count, twice, inOrder }
}
