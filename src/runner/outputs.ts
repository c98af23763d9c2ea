import * as core from '@actions/core'
import { measureResult, type Verdict } from '../evaluation/gate.js'
import type { QueryOutcome } from '../logs/exact-query.js'
import { log } from '../common/log.js'
import { formatCount } from '../common/format.js'

/** The step's outputs (action.yml). They are set even when the gate fails. */
export interface ActionOutputs {
  count: number
  /** The first cell of the first row, as text ('' without rows). */
  value: string
  recordsFile: string
  recordsWritten: number
  /** How many times the query ran (more than one with watch or wait-until). */
  samples: number
  verdict: Verdict | 'error'
  truncated: boolean
  /** The search job's results table (`mode: search-job`). */
  searchTable: string
  /** The first records as a JSON array, whole records within RECORDS_CAP_BYTES (`[]` without rows). */
  records: string
  /** The Markdown file holding the job summary's text. */
  summaryFile: string
  /** Rows of the baseline (`baseline`). */
  baselineCount: number
  /** The first cell of the baseline's first row, as text ('' without rows). */
  baselineValue: string
  /** Rows `fail-if` matched; '' without `fail-if` or when it could not be judged. */
  matchedRows: number | ''
}

/** The most any output holds, in UTF-8 bytes (GitHub takes up to 1 MB; a workflow expression needs far less). */
export const OUTPUT_CAP_BYTES = 64 * 1024

/**
 * The `records` output's own budget: whole records only, so it is never cut (the collector stops before it is crossed).
 */
export const RECORDS_CAP_BYTES = 256 * 1024

const ELLIPSIS = '…'

/** Sets the outputs given, each cut to OUTPUT_CAP_BYTES (the log says when one is). */
export function setOutputs(outputs: Partial<ActionOutputs>): void {
  if (outputs.count !== undefined) setOutput('count', outputs.count)
  if (outputs.value !== undefined) setOutput('value', outputs.value, 'the first cell')
  if (outputs.recordsFile !== undefined) setOutput('records-file', outputs.recordsFile, 'the path')
  if (outputs.recordsWritten !== undefined) setOutput('records-written', outputs.recordsWritten)
  if (outputs.samples !== undefined) setOutput('samples', outputs.samples)
  if (outputs.verdict !== undefined) setOutput('verdict', outputs.verdict)
  if (outputs.truncated !== undefined) setOutput('truncated', outputs.truncated)
  if (outputs.searchTable !== undefined) setOutput('search-table', outputs.searchTable, 'the table name')
  if (outputs.records !== undefined) setOutput('records', outputs.records, 'the records', RECORDS_CAP_BYTES)
  if (outputs.summaryFile !== undefined) setOutput('summary-file', outputs.summaryFile, 'the path')
  if (outputs.baselineCount !== undefined) setOutput('baseline-count', outputs.baselineCount)
  if (outputs.baselineValue !== undefined) setOutput('baseline-value', outputs.baselineValue, 'the first cell')
  if (outputs.matchedRows !== undefined) setOutput('matched-rows', outputs.matchedRows)
}

/** `baseline-count` and `baseline-value` of a baseline's answer: its rows, and its first cell as `value` takes it. */
export function baselineOutputs(baseline: QueryOutcome): Pick<ActionOutputs, 'baselineCount' | 'baselineValue'> {
  return {
    baselineCount: baseline.count,
    baselineValue: measureResult(baseline.count, baseline.result.preview[0]).value ?? ''
  }
}

/** One output, cut to `maxBytes`; `what` names its text in the line that says it was cut. */
function setOutput(
  name: string,
  value: string | number | boolean,
  what = 'the text',
  maxBytes = OUTPUT_CAP_BYTES
): void {
  const text = String(value)
  const capped = capText(text, maxBytes)
  if (capped !== text) {
    log.info(
      `${name}: ${what} is ${formatCount(characters(text))} characters; the output holds its first ${formatCount(characters(capped) - 1)}, ending ${ELLIPSIS}`
    )
  }
  core.setOutput(name, capped)
}

/**
 * `text` whole when its UTF-8 fits in `maxBytes`; else its longest start of whole
 * characters (a surrogate pair is never split) that fits with `…` after it.
 */
export function capText(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text
  const room = maxBytes - Buffer.byteLength(ELLIPSIS)
  let bytes = 0
  let end = 0
  while (end < text.length) {
    const code = text.codePointAt(end)!
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
    if (bytes + size > room) break
    bytes += size
    end += code >= 0x10000 ? 2 : 1
  }
  return text.slice(0, end) + ELLIPSIS
}

/** Characters (code points) in `text`: a surrogate pair is one. */
function characters(text: string): number {
  let count = text.length
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c < 0xdc00) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next < 0xe000) {
        count--
        i++
      }
    }
  }
  return count
}
