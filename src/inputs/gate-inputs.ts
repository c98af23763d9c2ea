import { InputError } from '../common/errors.js'
import { compareDecimal } from '../common/exact-decimal.js'
import { formatSpan } from '../common/format.js'
import type { ConditionSettings } from '../evaluation/condition-tally.js'
import { hasFailingThreshold } from '../evaluation/gate.js'
import type { EvaluationSettings, GateSettings, OnNoData } from '../settings.js'
import type { InputReader } from './input-reader.js'
import { readChoice, readCount, readDecimal, readDuration, readWholeNumber } from './values.js'

/** The longest `delay`, `watch` or `wait-until` (a GitHub-hosted job stops after 6 hours anyway). */
const LONGEST_MS = 24 * 3600_000
/** The shortest `interval`. */
const SHORTEST_INTERVAL_MS = 1000

/** The thresholds on `count` and `value`, checked against each other. */
export function readGate(read: InputReader): GateSettings {
  const maxCount = readCount(read, 'max-count')
  const minCount = readCount(read, 'min-count')
  const warnCount = readCount(read, 'warn-count')
  const maxValue = readDecimal(read, 'max-value')
  const minValue = readDecimal(read, 'min-value')
  const warnValue = readDecimal(read, 'warn-value')
  if (above(minCount, maxCount)) {
    throw new InputError('min-count', `${minCount} is above max-count ${maxCount}: no count could pass.`)
  }
  if (above(minValue, maxValue)) {
    throw new InputError('min-value', `${minValue} is above max-value ${maxValue}: no value could pass.`)
  }
  checkWarning('warn-count', warnCount, 'max-count', maxCount, 'min-count', minCount)
  checkWarning('warn-value', warnValue, 'max-value', maxValue, 'min-value', minValue)
  const failIf = readCondition(read, 'fail-if')
  const warnIf = readCondition(read, 'warn-if')
  const onNoData = readOnNoData(read, { maxValue, minValue, warnValue, failIf, warnIf })
  return { maxCount, minCount, maxValue, minValue, warnCount, warnValue, failIf, warnIf, onNoData }
}

const ON_NO_DATA: readonly OnNoData[] = ['fail', 'warn', 'pass']

/** A condition over rows (a CEL expression), as written; undefined when empty. loadConditions checks it compiles. */
function readCondition(read: InputReader, name: string): string | undefined {
  const expression = read(name).trim()
  return expression === '' ? undefined : expression
}

/** The CEL side of `fail-if` and `warn-if`: evaluation/conditions.ts and the CEL library. */
export type CelConditions = typeof import('../evaluation/conditions.js')

/**
 * Loads the CEL side when `fail-if` or `warn-if` is set, and refuses an expression that does not compile (syntax,
 * and types as far as they are known without the columns), as any bad input: one line, before any request. A run
 * without conditions never loads it: the CEL library is in dist/index.js, but its modules run only from here
 * (registering its functions took ~10 ms of every start, which most runs do not need).
 */
export async function loadConditions(conditions: ConditionSettings): Promise<CelConditions | undefined> {
  if (conditions.failIf === undefined && conditions.warnIf === undefined) return undefined
  // Eager: in dist/index.js (one file, one licence list), but evaluated, with the CEL library, only here.
  const cel = await import(/* webpackMode: "eager" */ '../evaluation/conditions.js')
  for (const [name, expression] of [
    ['fail-if', conditions.failIf],
    ['warn-if', conditions.warnIf]
  ] as const) {
    const problem = expression === undefined ? undefined : cel.conditionProblem(expression)
    if (problem !== undefined)
      throw new InputError(name, `is not a CEL expression that can be true or false: ${problem}.`)
  }
  return cel
}

/**
 * What zero rows do, when a threshold needs a row: `fail` by default, `warn`
 * when only warning thresholds are set (a gate that only warns never fails on its own).
 */
function readOnNoData(read: InputReader, gate: GateSettings): OnNoData | undefined {
  const { maxValue, minValue, warnValue, failIf, warnIf } = gate
  if ([maxValue, minValue, warnValue, failIf, warnIf].every(setting => setting === undefined)) {
    if (read('on-no-data').trim() === '') return undefined
    throw new InputError(
      'on-no-data',
      'does nothing here: set fail-if, warn-if or a value threshold (max-value, min-value, warn-value).'
    )
  }
  const failing = [maxValue, minValue, failIf].some(setting => setting !== undefined)
  return readChoice(read, 'on-no-data', ON_NO_DATA, failing ? 'fail' : 'warn')
}

/** A warning threshold must sit between the failing ones, or it never shows (or always does). */
function checkWarning(
  name: string,
  warn: string | undefined,
  maxName: string,
  max: string | undefined,
  minName: string,
  min: string | undefined
): void {
  if (warn === undefined) return
  if (max !== undefined && !above(max, warn)) {
    throw new InputError(
      name,
      `${warn} is not below ${maxName} ${max}: the gate would fail before the warning could show.`
    )
  }
  if (above(min, warn)) {
    throw new InputError(name, `${warn} is below ${minName} ${min}: every passing result would warn.`)
  }
}

/** Whether both thresholds are set and `a` is above `b`, compared exactly. */
function above(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && compareDecimal(a, b) === 1
}

/** `delay`, and `watch` or `wait-until` every `interval`: when the gate is evaluated. */
export function readEvaluation(read: InputReader, gate: GateSettings): EvaluationSettings {
  const delayMs = readDuration(read, 'delay', { min: 0, max: LONGEST_MS, fallback: 0 }) as number
  const watch = readDuration(read, 'watch', { min: SHORTEST_INTERVAL_MS, max: LONGEST_MS })
  const waitUntil = readDuration(read, 'wait-until', { min: SHORTEST_INTERVAL_MS, max: LONGEST_MS })
  const intervalMs = readDuration(read, 'interval', {
    min: SHORTEST_INTERVAL_MS,
    max: LONGEST_MS,
    fallback: 60_000
  }) as number
  if (watch !== undefined && waitUntil !== undefined) {
    throw new InputError(
      'watch',
      'give either watch or wait-until, not both: watch fails at the first breach, wait-until waits for the thresholds to hold.'
    )
  }
  const windowMs = watch ?? waitUntil
  if (windowMs === undefined) {
    const once = { mode: 'once', delayMs, windowMs: 0, intervalMs } as const
    return { ...once, ...readBlips(read, once) }
  }
  const mode = watch !== undefined ? 'watch' : 'wait-until'
  if (!hasFailingThreshold(gate)) {
    throw new InputError(
      mode,
      'needs a threshold to evaluate: set max-count, min-count, max-value, min-value or fail-if.'
    )
  }
  if (intervalMs > windowMs) {
    throw new InputError(
      'interval',
      `${formatSpan(intervalMs)} is longer than ${mode} ${formatSpan(windowMs)}: set a shorter interval.`
    )
  }
  return { mode, delayMs, windowMs, intervalMs, ...readBlips(read, { mode, windowMs, intervalMs }) }
}

/** The most any of `failure-limit`, `consecutive-successes` and `error-limit` may be. */
const MOST_BLIPS = 100

/**
 * `failure-limit` (watch), `consecutive-successes` (wait-until) and `error-limit`
 * (either): the blips a gate over time tolerates. Only those given are returned
 * (left out, they are 0, 1 and 0). A watch must be able to fail, and the
 * successes in a row must fit in the wait.
 */
function readBlips(
  read: InputReader,
  schedule: Pick<EvaluationSettings, 'mode' | 'windowMs' | 'intervalMs'>
): Pick<EvaluationSettings, 'failureLimit' | 'consecutiveSuccesses' | 'errorLimit'> {
  const { mode, windowMs, intervalMs } = schedule
  const failureLimit = readWholeNumber(read, 'failure-limit', { min: 0, max: MOST_BLIPS })
  const consecutiveSuccesses = readWholeNumber(read, 'consecutive-successes', { min: 1, max: MOST_BLIPS })
  const errorLimit = readWholeNumber(read, 'error-limit', { min: 0, max: MOST_BLIPS })
  if (failureLimit !== undefined && mode !== 'watch') {
    throw new InputError(
      'failure-limit',
      'works with watch only: it is how many failed samples a watch tolerates (wait-until waits failures out).'
    )
  }
  if (consecutiveSuccesses !== undefined && mode !== 'wait-until') {
    throw new InputError(
      'consecutive-successes',
      'works with wait-until only: it is how many samples in a row must hold before the wait ends.'
    )
  }
  if (errorLimit !== undefined && mode === 'once') {
    throw new InputError(
      'error-limit',
      'works with watch or wait-until only: it is how many samples in a row whose query failed are tolerated.'
    )
  }
  const most = Math.floor(windowMs / intervalMs) + 1
  const samples = `${mode} ${formatSpan(windowMs)} every ${formatSpan(intervalMs)} takes at most ${most} samples`
  if (failureLimit !== undefined && failureLimit >= most) {
    throw new InputError(
      'failure-limit',
      `${failureLimit} would tolerate every sample (${samples}), so the watch could never fail: use at most ${most - 1}.`
    )
  }
  if (consecutiveSuccesses !== undefined && consecutiveSuccesses > most) {
    throw new InputError(
      'consecutive-successes',
      `${consecutiveSuccesses} samples in a row cannot happen (${samples}): use at most ${most}, or a longer wait-until.`
    )
  }
  const given = { failureLimit, consecutiveSuccesses, errorLimit }
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined))
}
