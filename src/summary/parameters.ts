import type { QueryParameter } from '../settings.js'
import { codeCell, table, tableCell } from './markdown.js'

/** Parameter values are shown up to this many characters (the query received them whole). */
const VALUE_MAX = 200

/** The query's parameters as a table: name, type and value as given, escaped; empty without parameters. */
export function parametersTable(parameters: readonly Pick<QueryParameter, 'name' | 'type' | 'value'>[]): string {
  if (parameters.length === 0) return ''
  const rows = parameters.map(({ name, type, value }) => [
    codeCell(name),
    type,
    value === '' ? '(empty)' : tableCell(value, VALUE_MAX)
  ])
  return `**Parameters** (put in front of the query as \`let\` statements)\n\n${table(['Name', 'Type', 'Value'], rows)}`
}
