import { Environment, type ASTNode } from '@marcbachmann/cel-js'
import { Duration } from '@marcbachmann/cel-js/evaluator'
import { quoted } from '../common/errors.js'
import { shorten } from '../common/format.js'
import type { Column } from '../wire/columns.js'
import { baselineRowFor } from './baseline.js'
import {
  CONDITION_NAMES,
  MAX_EXAMPLES,
  type ConditionSettings,
  type ConditionTally,
  type Matches,
  type Tier
} from './condition-tally.js'
import { cellRaw, type RowCells } from '../wire/response-parser.js'
import { unquote } from '../wire/cells.js'

/**
 * Conditions over rows: `fail-if` and `warn-if`, CEL expressions (cel.dev)
 * evaluated against every row of the result as it streams by. Columns are
 * variables by name, `row` is the row as a map, `count` the number of rows and
 * `baseline` the matching row of a baseline query (`{}` without one).
 *
 * Memory stays bounded: a row is converted only in the columns the expressions
 * read, and only counts and the first few matches' descriptions are kept. An
 * expression that reads `count` cannot know it before the last row, so its
 * rows wait, in the columns it reads, until then.
 */

/**
 * The current row's baseline row as CEL values, or undefined when it has none. It is given the row as CEL values
 * (`row`), and as its cells' raw JSON with the answer's columns.
 */
export type BaselineFor = (
  row: Readonly<Record<string, unknown>>,
  current: { cells: readonly string[]; columns: readonly Column[] }
) => Record<string, unknown> | undefined

/** Variables every expression may read, whatever the columns. */
const BUILT_IN = ['row', 'baseline', 'count']
/** Words CEL keeps for itself: never a column variable (such a column is still `row['…']`). */
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while'
])
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The problem with an expression before any request, or undefined when it
 * compiles: syntax, and types as far as they are known without the columns
 * (each column is `dyn` until the answer names them).
 */
export function conditionProblem(expression: string): string | undefined {
  const env = builtIns(new Environment({ unlistedVariablesAreDyn: true }))
  return checkProblem(env, expression)
}

/** An expression's first problem against `env`, in one line. */
function checkProblem(env: Environment, expression: string): string | undefined {
  let checked
  try {
    checked = env.check(expression)
  } catch (error) {
    return error instanceof Error ? firstLine(error.message) : String(error)
  }
  if (!checked.valid) {
    const error = checked.error
    const at = error?.range ? ` at column ${error.range.start + 1}` : ''
    return `${error?.summary ?? 'does not compile'}${at} of ${quoted(shorten(expression, 120))}`
  }
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    return `gives ${checked.type}, not true or false: write a comparison, such as errorRate > 0.02`
  return undefined
}

function builtIns(env: Environment): Environment {
  return env.registerVariable('row', 'map').registerVariable('baseline', 'map').registerVariable('count', 'int')
}

/** One column the expressions read: where it is, how its cells become CEL values, and how they are bound. */
interface ReadColumn {
  index: number
  name: string
  convert: (raw: string) => unknown
  /** Bound as a variable of its name. */
  variable: boolean
  /** Put in the `row` map. */
  inRow: boolean
}

/** The expressions compiled against one set of columns. */
interface Compiled {
  signature: string
  columns: readonly Column[]
  /** Each expression, and the columns (positions in `read`) its descriptions show. */
  tiers: { tier: Tier; run: (context: Record<string, unknown>) => unknown; shown: number[] }[]
  read: ReadColumn[]
  /** String columns that name a row in a description (at most three). */
  names: number[]
  /** Columns kept per row: `read` and `names`, in that order. */
  kept: number[]
  readsCount: boolean
  readsBaseline: boolean
}

/**
 * The conditions over one answer's rows: `begin` with its columns (again at
 * every attempt: it starts over), `row` for each row, then `tally`.
 */
export class RowConditions {
  private compiled: Compiled | undefined
  private error: string | undefined
  private rows = 0
  private matches: Partial<Record<Tier, Matches>> = {}
  /** Rows waiting for `count` (only when an expression reads it): the kept cells' raw JSON. */
  private waiting: string[][] = []
  private readonly raws: string[] = []
  /** Built once and refilled for every row; without a prototype, so a column may be called anything (`__proto__`). */
  private readonly rowMap: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  private readonly context: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, {
    row: this.rowMap,
    baseline: {},
    count: 0n
  })

  constructor(
    private readonly settings: ConditionSettings,
    private readonly baselineFor?: BaselineFor
  ) {
    this.reset()
  }

  /** Starts over with the answer's columns; none: an answer without a table, which has no rows to judge. */
  begin(columns: readonly Column[]): void {
    this.reset()
    if (columns.length === 0) return
    const signature = JSON.stringify(columns)
    if (this.compiled?.signature !== signature) this.compiled = undefined
    try {
      this.compiled ??= compile(this.settings, columns, signature, this.baselineFor !== undefined)
    } catch (error) {
      this.error = error instanceof ConditionError ? error.message : String(error)
    }
  }

  row(cells: RowCells): void {
    this.rows++
    const compiled = this.compiled
    if (!compiled || this.error !== undefined) return
    const raws = this.raws
    for (let k = 0; k < compiled.kept.length; k++) raws[k] = cellRaw(cells, compiled.kept[k])
    if (compiled.readsCount) this.waiting.push(raws.slice(0, compiled.kept.length))
    else this.evaluate(compiled, raws, this.rows)
  }

  /** What the conditions found; rows that waited for `count` are judged now. */
  tally(): ConditionTally {
    const compiled = this.compiled
    if (compiled?.readsCount && this.waiting.length > 0) {
      this.context.count = BigInt(this.rows)
      const waiting = this.waiting
      this.waiting = []
      for (let i = 0; i < waiting.length && this.error === undefined; i++) this.evaluate(compiled, waiting[i], i + 1)
    }
    const tally: ConditionTally = { rows: this.rows, ...this.matches }
    if (this.error !== undefined) tally.error = this.error
    return tally
  }

  private reset(): void {
    this.rows = 0
    this.error = undefined
    this.waiting = []
    this.matches = {}
    if (this.settings.failIf !== undefined) this.matches.fail = { matched: 0, examples: [] }
    if (this.settings.warnIf !== undefined) this.matches.warn = { matched: 0, examples: [] }
  }

  private evaluate(compiled: Compiled, raws: readonly string[], rowNumber: number): void {
    const context = this.context
    const rowMap = this.rowMap
    let tier: Tier | undefined
    try {
      for (let k = 0; k < compiled.read.length; k++) {
        const column = compiled.read[k]
        const value = convert(column, raws[k])
        if (column.variable) context[column.name] = value
        if (column.inRow) rowMap[column.name] = value
      }
      if (compiled.readsBaseline)
        context.baseline = (this.baselineFor && this.baselineFor(rowMap, currentCells(compiled, raws))) ?? {}
      for (const condition of compiled.tiers) {
        tier = condition.tier
        const verdict = condition.run(context)
        if (verdict !== true && verdict !== false)
          throw new ConditionError(`it gave ${describeValue(verdict)}, not true or false`)
        if (!verdict) continue
        const matches = this.matches[condition.tier]!
        matches.matched++
        if (matches.examples.length < MAX_EXAMPLES)
          matches.examples.push(describeRow(compiled, raws, rowNumber, condition.shown))
      }
    } catch (error) {
      const what = CONDITION_NAMES[tier ?? compiled.tiers[0].tier]
      const reason =
        error instanceof Error ? firstLine((error as { summary?: string }).summary ?? error.message) : String(error)
      const shown = compiled.tiers.find(condition => condition.tier === tier)?.shown ?? compiled.tiers[0].shown
      this.error = `${what} could not be judged on ${describeRow(compiled, raws, rowNumber, shown)}: ${reason}`
    }
  }
}

/** The row's cells as raw JSON, by column: with a baseline, every column is read (`read` holds them all). */
function currentCells(compiled: Compiled, raws: readonly string[]): { cells: string[]; columns: readonly Column[] } {
  const cells = new Array<string>(compiled.columns.length).fill('null')
  for (let k = 0; k < compiled.read.length; k++) cells[compiled.read[k].index] = raws[k]
  return { cells, columns: compiled.columns }
}

/**
 * Whether `fail-if` or `warn-if` reads `baseline`: then the baseline's rows must be there before the current rows
 * stream by (main.ts queries the baseline first). False for an expression that does not compile (readSettings refuses
 * it before any request).
 */
export function readsBaseline(settings: ConditionSettings): boolean {
  const env = builtIns(new Environment({ unlistedVariablesAreDyn: true }))
  return [settings.failIf, settings.warnIf].some(expression => {
    if (expression === undefined) return false
    try {
      const reads: References = { ids: new Set(), rowKeys: new Set(), wholeRow: false }
      collectReferences(env.parse(expression).ast, reads)
      return reads.ids.has('baseline')
    } catch {
      return false
    }
  })
}

/**
 * `baseline` for each current row, from a baseline query's rows (`QueryResult.preview`, raw JSON) and columns: the
 * baseline row baselineRowFor matches, its cells converted to CEL values as a current row's are (a null cell is null);
 * undefined when no row matches. A cell that does not convert is the condition's error, as on a current row.
 */
export function baselineValues(rows: readonly string[][], columns: readonly Column[]): BaselineFor {
  const converters = columns.map(column => converterFor(column.type))
  const converted = new Map<readonly string[], Record<string, unknown>>()
  return (_row, current) => {
    const match = baselineRowFor(current.cells, rows, current.columns, columns)
    if (!match) return undefined
    let values = converted.get(match)
    if (!values) {
      values = Object.create(null) as Record<string, unknown>
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]
        const read: ReadColumn = { index: i, name: column.name, convert: converters[i], variable: false, inRow: true }
        values[column.name] = convert(read, match[i] ?? 'null')
      }
      converted.set(match, values)
    }
    return values
  }
}

/** A problem with the conditions and this answer: the sample has no verdict. */
class ConditionError extends Error {}

/** Compiles the expressions against the answer's columns: a column they read that is not there is a ConditionError. */
function compile(
  settings: ConditionSettings,
  columns: readonly Column[],
  signature: string,
  withBaseline: boolean
): Compiled {
  const env = builtIns(new Environment())
  const variables = new Map<string, number>()
  columns.forEach((column, index) => {
    if (!IDENTIFIER.test(column.name) || RESERVED.has(column.name) || BUILT_IN.includes(column.name)) return
    try {
      env.registerVariable(column.name, 'dyn')
      variables.set(column.name, index)
    } catch {
      // A name CEL keeps for a function or type (`int`, `string`): read it as row['…'].
    }
  })
  const byName = new Map(columns.map((column, index) => [column.name, index]))
  const reads: References = { ids: new Set(), rowKeys: new Set(), wholeRow: false }
  const parsed: { tier: Tier; run: Compiled['tiers'][number]['run']; reads: References }[] = []
  for (const tier of ['fail', 'warn'] as const) {
    const expression = tier === 'fail' ? settings.failIf : settings.warnIf
    if (expression === undefined) continue
    const problem = checkProblem(env, expression)
    if (problem !== undefined)
      throw new ConditionError(
        `${CONDITION_NAMES[tier]} ${unknownColumn(problem, columns) ?? `does not compile against the result: ${problem}`}`
      )
    const run = env.parse(expression)
    const own: References = { ids: new Set(), rowKeys: new Set(), wholeRow: false }
    collectReferences(run.ast, own)
    for (const key of own.rowKeys) {
      if (!byName.has(key))
        throw new ConditionError(
          `${CONDITION_NAMES[tier]} reads row[${quoted(key)}], which is not a column of the result ${columnList(columns)}`
        )
    }
    for (const id of own.ids) reads.ids.add(id)
    for (const key of own.rowKeys) reads.rowKeys.add(key)
    reads.wholeRow ||= own.wholeRow
    parsed.push({ tier, run, reads: own })
  }
  const wholeRow = reads.wholeRow || withBaseline
  const read: ReadColumn[] = []
  columns.forEach((column, index) => {
    const variable = reads.ids.has(column.name) && variables.get(column.name) === index
    const inRow = wholeRow || reads.rowKeys.has(column.name)
    if (variable || inRow) read.push({ index, name: column.name, convert: converterFor(column.type), variable, inRow })
  })
  const names = columns.flatMap((column, index) => (column.type === 'string' ? [index] : [])).slice(0, 3)
  // A description shows what its expression reads, beyond the string columns that name the row (at most 6).
  const shownBy = (own: References) =>
    read
      .flatMap((column, k) => {
        const readsIt = own.wholeRow || own.rowKeys.has(column.name) || (column.variable && own.ids.has(column.name))
        return readsIt && !names.includes(column.index) ? [k] : []
      })
      .slice(0, 6)
  const tiers = parsed.map(({ tier, run, reads: own }) => ({ tier, run, shown: shownBy(own) }))
  return {
    signature,
    columns,
    tiers,
    read,
    names,
    kept: [...read.map(column => column.index), ...names],
    readsCount: reads.ids.has('count'),
    readsBaseline: reads.ids.has('baseline')
  }
}

/** `Unknown variable: errorRate` in words about the result. */
function unknownColumn(problem: string, columns: readonly Column[]): string | undefined {
  const name = /^Unknown variable: (\S+)/.exec(problem)?.[1]
  if (name === undefined) return undefined
  const hint = columns.some(column => column.name === name) ? `; read it as row[${quoted(name)}]` : ''
  return `reads ${name}, which is not a column of the result ${columnList(columns)}${hint}`
}

function columnList(columns: readonly Column[]): string {
  const names = columns.slice(0, 20).map(column => column.name)
  if (columns.length > 20) names.push('…')
  return columns.length === 0 ? '(it has no columns)' : `(its columns: ${names.join(', ')})`
}

interface References {
  /** Every identifier (variables, and comprehension variables too: reading a column more is harmless). */
  ids: Set<string>
  /** Keys read as `row.key` or `row['key']`. */
  rowKeys: Set<string>
  /** `row` used as a whole (`size(row)`, `row.exists(…)`): every column is in the map. */
  wholeRow: boolean
}

function collectReferences(node: unknown, into: References): void {
  if (Array.isArray(node)) {
    for (const item of node) collectReferences(item, into)
    return
  }
  if (node === null || typeof node !== 'object' || !('op' in node)) return
  const { op, args } = node as ASTNode
  if (op === 'id') {
    into.ids.add(args)
    if (args === 'row') into.wholeRow = true
    return
  }
  if (op === 'value') return
  if (ACCESS.has(op)) {
    const [target, key] = args as [ASTNode, unknown]
    const name = !isRow(target) ? undefined : op === '.' || op === '.?' ? key : constantString(key)
    if (typeof name === 'string') {
      into.ids.add('row')
      into.rowKeys.add(name)
      return
    }
  }
  collectReferences(args, into)
}

const ACCESS: ReadonlySet<string> = new Set(['.', '.?', '[]', '[?]'])

function isRow(node: unknown): boolean {
  return node !== null && typeof node === 'object' && (node as ASTNode).op === 'id' && (node as ASTNode).args === 'row'
}

function constantString(node: unknown): string | undefined {
  const value =
    node !== null && typeof node === 'object' && (node as ASTNode).op === 'value' ? (node as ASTNode).args : undefined
  return typeof value === 'string' ? value : undefined
}

function convert(column: ReadColumn, raw: string): unknown {
  if (raw === 'null') return null
  try {
    return column.convert(raw)
  } catch (error) {
    throw new ConditionError(
      `the ${column.name} cell ${shorten(raw, 60)} is not a ${error instanceof ConditionError ? error.message : 'value of its type'}`
    )
  }
}

/** A cell's raw JSON as a CEL value, by the column's Kusto type (README, Conditions over rows). */
export function converterFor(type: string): (raw: string) => unknown {
  switch (type) {
    case 'int':
    case 'long':
      return raw => {
        const text = textOf(raw).trim()
        return /^-?\d+$/.test(text) ? BigInt(text) : Number(text)
      }
    case 'real':
    case 'decimal':
      return raw => Number(textOf(raw).trim())
    case 'bool':
      return raw => raw === 'true' || raw === '1'
    case 'datetime':
      return raw => {
        const date = new Date(textOf(raw))
        if (Number.isNaN(date.getTime())) throw new ConditionError('datetime')
        return date
      }
    case 'timespan':
      return raw => timespan(textOf(raw))
    case 'dynamic':
      return raw => {
        if (raw.charCodeAt(0) !== QUOTE) return JSON.parse(raw) as unknown
        const text = unquote(raw)
        try {
          return JSON.parse(text) as unknown
        } catch {
          return text
        }
      }
    default:
      return textOf
  }
}

const QUOTE = 34

function textOf(raw: string): string {
  return raw.charCodeAt(0) === QUOTE ? unquote(raw) : raw
}

/** A Kusto timespan, `[-][d.]hh:mm:ss[.fffffff]`, as a CEL duration (to the nanosecond). */
function timespan(text: string): Duration {
  const parts = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(text.trim())
  if (!parts) throw new ConditionError('timespan')
  const [, minus, days, hours, minutes, seconds, fraction] = parts
  const whole = BigInt(days ?? 0) * 86400n + BigInt(hours) * 3600n + BigInt(minutes) * 60n + BigInt(seconds)
  const nanos = Number((fraction ?? '').padEnd(9, '0'))
  return minus ? new Duration(-whole, -nanos) : new Duration(whole, nanos)
}

/** A row in a sentence: its string columns, then the values its expression read (`AppRoleName=api (p95 912.4)`). */
function describeRow(compiled: Compiled, raws: readonly string[], rowNumber: number, shown: readonly number[]): string {
  const offset = compiled.read.length
  const named = compiled.names.map(
    (index, k) => `${compiled.columns[index].name}=${shorten(cellWords(raws[offset + k]), 40)}`
  )
  const values = shown.map(k => `${compiled.read[k].name} ${shorten(cellWords(raws[k]), 40)}`)
  const head = named.length > 0 ? named.join(', ') : `row ${rowNumber}`
  return values.length > 0 ? `${head} (${values.join(', ')})` : head
}

function cellWords(raw: string): string {
  return raw === 'null' ? 'null' : textOf(raw)
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return quoted(shorten(value, 40))
  if (typeof value === 'bigint' || typeof value === 'number') return String(value)
  return `a ${value instanceof Date ? 'timestamp' : value instanceof Duration ? 'duration' : Array.isArray(value) ? 'list' : typeof value}`
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim()
}
