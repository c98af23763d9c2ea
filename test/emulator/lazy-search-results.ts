import { countRows, RowCursor, type RowSet } from './export-kql.js'
import { hex } from './hex.js'
import { datetimeColumn, TICKS_PER_MS, type LazyColumn, type LazyTable } from './lazy-tables.js'

/**
 * The `…_SRCH` table a search job writes from a lazy table (contract §4),
 * itself lazy: record `k` is the `k`-th row the job's query selected, up to its
 * limit. Its columns are the query's, then `_OriginalType` (the source table),
 * `_OriginalItemId` and `_OriginalTimeGenerated` (the source record's time);
 * `TimeGenerated` is when the job wrote the record, all within a few seconds
 * of `writtenAt`. `_OriginalTimeGenerated` keeps the source's order, so it is
 * the time column a split export slices by.
 */

/** How long the emulated job takes to write its records. */
const WRITE_SPREAD_MS = 3000

export function lazySearchResults(name: string, selected: RowSet, limit: number, writtenAt: number): LazyTable {
  const source = selected.table
  const { of, count } = selection(selected, limit)
  const mapped = (column: LazyColumn): LazyColumn => {
    const { ticks } = column
    return {
      name: column.name,
      type: column.type,
      cell: k => column.cell(of(k)),
      json: k => column.json(of(k)),
      size: k => column.size(of(k)),
      ...(ticks && { ticks: (k: number) => ticks(of(k)) })
    }
  }
  const writtenTicks = (writtenAt - source.baseMs) * TICKS_PER_MS
  const spread = WRITE_SPREAD_MS * TICKS_PER_MS
  const written = datetimeColumn(
    'TimeGenerated',
    source.baseMs,
    k => writtenTicks + Math.floor((k * spread) / Math.max(1, count))
  )
  const sourceTime = source.timeColumn.ticks as (i: number) => number
  const original = datetimeColumn('_OriginalTimeGenerated', source.baseMs, k => sourceTime(of(k)))
  const hasTime = selected.columns.some(column => column.name === 'TimeGenerated')
  const typeName = JSON.stringify(source.name)
  const columns: LazyColumn[] = [
    ...(hasTime ? [] : [written]),
    ...selected.columns.map(column => (column.name === 'TimeGenerated' ? written : mapped(column))),
    {
      name: '_OriginalType',
      type: 'string',
      cell: () => source.name,
      json: () => typeName,
      size: () => source.name.length
    },
    {
      name: '_OriginalItemId',
      type: 'string',
      cell: k => itemId(k),
      json: k => `"${itemId(k)}"`,
      size: () => 36
    },
    original
  ]
  return { name, rows: count, columns, timeColumn: original, baseMs: source.baseMs }
}

/** The source rows the job keeps: a range when nothing filters them, else their indexes. */
function selection(selected: RowSet, limit: number): { of: (k: number) => number; count: number } {
  if (selected.stages.length === 0) {
    const { lo } = selected
    return { of: k => lo + k, count: Math.min(limit, countRows(selected)) }
  }
  let indexes = new Uint32Array(Math.min(limit, selected.hi - selected.lo, 1 << 20))
  let count = 0
  const cursor = new RowCursor(selected)
  for (let i = cursor.next(); i !== -1 && count < limit; i = cursor.next()) {
    if (count === indexes.length) {
      const grown = new Uint32Array(Math.min(limit, indexes.length * 2))
      grown.set(indexes)
      indexes = grown
    }
    indexes[count++] = i
  }
  const kept = indexes
  return { of: k => kept[k], count }
}

/** A GUID-shaped id, distinct for every record. */
function itemId(k: number): string {
  const a = Math.imul(k + 1, 2654435761)
  const b = Math.imul(k ^ 0x5bd1e995, 40503)
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(a >>> 4, 3)}-a${hex(b >>> 3, 3)}-${hex(k / 2 ** 32, 4)}${hex(k, 8)}`
}
