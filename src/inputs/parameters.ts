import { MAX_INPUT_BYTES, overTheLimit } from '../common/confined-path.js'
import { InputError, quoted } from '../common/errors.js'
import { kqlLiteral, PARAMETER_TYPES, withParameters } from '../logs/query-parameters.js'
import type { ParameterType, QueryParameter } from '../settings.js'
import type { InputReader } from './input-reader.js'

/** At most this many parameters, each value at most this many UTF-8 bytes. */
export const PARAMETER_LIMITS = { count: 100, valueBytes: 64 * 1024 } as const

/**
 * The `parameters` of a query (none in `mode: search-job`, whose query the
 * service takes without `let` statements); the query with them stays within
 * the size of a query.
 */
export function readQueryParameters(read: InputReader, query: string, mode: string): QueryParameter[] {
  if (mode === 'search-job' && read('parameters').trim() !== '') {
    throw new InputError(
      'parameters',
      'works with mode: query only: a search job runs its query without let statements; remove parameters.'
    )
  }
  const parameters = readParameters(read)
  const bytes = Buffer.byteLength(withParameters(query, parameters), 'utf8')
  if (bytes > MAX_INPUT_BYTES)
    throw new InputError('parameters', `${overTheLimit('the query with its parameters', bytes)}; pass smaller values.`)
  return parameters
}

/**
 * `parameters`: one `name = value` or `name:type = value` a line; blank lines
 * and lines starting with `#` are skipped. The value is the rest of the line,
 * without the spaces around it, or, when it starts with `"`, the text of that
 * one JSON string (`"two\nlines"`, which is what `${{ toJSON(…) }}` gives).
 * Names are identifiers that are not KQL words, each once.
 */
export function readParameters(read: InputReader): QueryParameter[] {
  const parameters: QueryParameter[] = []
  const names = new Map<string, string>()
  const lines = read('parameters').split(/\r\n|\n|\r/)
  lines.forEach((text, index) => {
    const line = text.trim()
    if (line === '' || line.startsWith('#')) return
    const parameter = readParameter(line, index + 1)
    const same = names.get(parameter.name.toLowerCase())
    if (same !== undefined)
      throw new InputError('parameters', `${same} is given twice (line ${index + 1}); give each parameter once.`)
    names.set(parameter.name.toLowerCase(), parameter.name)
    parameters.push(parameter)
  })
  if (parameters.length > PARAMETER_LIMITS.count) {
    throw new InputError(
      'parameters',
      `gives ${parameters.length} parameters; at most ${PARAMETER_LIMITS.count} are allowed.`
    )
  }
  return parameters
}

function readParameter(line: string, number: number): QueryParameter {
  const at = `line ${number}`
  const equals = line.indexOf('=')
  if (equals === -1)
    throw new InputError(
      'parameters',
      `${at} is not name = value (or name:type = value); put each parameter on its own line.`
    )
  const [name, typeName, ...rest] = line
    .slice(0, equals)
    .split(':')
    .map(part => part.trim())
  checkName(name, at)
  const type = typeName === undefined ? 'string' : PARAMETER_TYPES.find(known => known === typeName.toLowerCase())
  if (!type || rest.length > 0) {
    throw new InputError(
      'parameters',
      `${at}: ${quoted(line.slice(0, equals).trim())} has no type KQL parameters have; use one of: ${PARAMETER_TYPES.join(', ')}.`
    )
  }
  const value = valueOf(line.slice(equals + 1).trim(), type, `${at} (${name})`)
  const result = kqlLiteral(type, value)
  if ('problem' in result) throw new InputError('parameters', `${at} (${name}): ${quoted(value)} ${result.problem}.`)
  return { name, type, value, literal: result.literal }
}

function checkName(name: string, at: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new InputError(
      'parameters',
      `${at}: ${quoted(name)} is not a name: use letters, digits and _, starting with a letter or _ (like release or deploy_time).`
    )
  }
  if (name.length > 128)
    throw new InputError('parameters', `${at}: the name is ${name.length} characters long; use at most 128.`)
  if (KQL_WORDS.has(name.toLowerCase())) {
    throw new InputError(
      'parameters',
      `${at}: ${name} is a KQL word, which a let statement cannot take (or would shadow); choose another name, such as ${name}_value.`
    )
  }
}

function valueOf(text: string, type: ParameterType, at: string): string {
  let value = text
  if (type !== 'dynamic' && text.startsWith('"')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    if (typeof parsed !== 'string') {
      throw new InputError(
        'parameters',
        `${at}: the value starts with " but is not one JSON string; write it whole as "…" (\\" for a quote), or without the quote.`
      )
    }
    value = parsed
  }
  const bytes = Buffer.byteLength(value, 'utf8')
  if (bytes > PARAMETER_LIMITS.valueBytes) {
    throw new InputError(
      'parameters',
      `${at}: the value is ${bytes} bytes; a parameter holds at most ${PARAMETER_LIMITS.valueBytes} (64 KiB).`
    )
  }
  if (value.includes('\0'))
    throw new InputError('parameters', `${at}: the value holds a NUL character, which a query cannot carry.`)
  return value
}

/**
 * Words a parameter may not be named: KQL's keywords and type names (from the
 * language's grammar), the literals `true`, `false` and `null`, and the
 * functions the action's own literals call. Compared without case.
 */
const KQL_WORDS: ReadonlySet<string> = new Set(
  `access accumulate aggregations alias all and anomalychart anomalycolumns areachart as asc axes bagexpansion barchart base between
  bin bin_legacy bool boolean by card case cluster columnchart consume contains contains_cs containscs count database datascope
  datatable date datetime decimal declare decodeblocks default delta desc distinct double dynamic edges endswith endswith_cs
  entity_group evaluate execute expandoutput extend external_data externaldata facet false filter find first flags float fork from
  getschema graph guid has has_all has_any has_cs hasprefix hasprefix_cs hassuffix hassuffix_cs hidden hot hotcache hotdata hotindex id
  iff iif in int int16 int32 int64 int8 into invoke isfuzzy join kind ladderchart last legend let like likecs limit linear linechart
  list log long lookup macro make_graph make_series map materialize matches mv_apply mv_expand mvapply mvexpand nodes none
  nooptimization not notcontains notcontainscs notlike notlikecs null nulls of on optional or order others output pack panels parse
  parse_json parse_where partition pattern piechart pivotchart plugin print project project_away project_keep project_rename
  project_reorder query_parameters range real reduce regex relaxed render replace restrict sample sample_distinct scan scatterchart
  search serialize series set simple sort stacked stacked100 stackedareachart startswith startswith_cs step string summarize table
  take threshold time timechart timeline timepivot timespan title to todynamic top top_hitters top_nested toscalar totable treemap
  true typeof uint uint16 uint32 uint64 uint8 ulong union uniqueid unstacked uuid view visible where with with_itemindex
  with_match_id with_node_id with_source with_step_name withsource xaxis xcolumn xmax xmin xtitle yaxis ycolumns ymax ymin ysplit
  ytitle ago now`.split(/\s+/)
)
