/** A column of a result table as the Logs API describes it. */
export interface Column {
  name: string
  /** Kusto type: string, bool, datetime, int, long, real, guid, timespan, decimal or dynamic. */
  type: string
}

/** Types whose cells arrive as JSON numbers. */
export const NUMERIC_TYPES: ReadonlySet<string> = new Set(['int', 'long', 'real', 'decimal'])

/** Reads the `columns` array of a response table, rejecting anything else (two columns of one name among it). */
export function toColumns(value: unknown): Column[] {
  if (!Array.isArray(value)) throw new TypeError('columns is not an array')
  const names = new Set<string>()
  return value.map((column: unknown, index) => {
    const { name, type } = (column ?? {}) as { name?: unknown; type?: unknown }
    if (typeof name !== 'string') throw new TypeError(`column ${index} has no name`)
    if (names.has(name)) throw new TypeError(`two columns are named ${JSON.stringify(name)}`)
    names.add(name)
    return { name, type: typeof type === 'string' ? type.toLowerCase() : 'string' }
  })
}
