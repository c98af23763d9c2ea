import * as core from '@actions/core'
import type { Verdict } from './gate.js'

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
}

export function setOutputs(outputs: Partial<ActionOutputs>): void {
  if (outputs.count !== undefined) core.setOutput('count', outputs.count)
  if (outputs.value !== undefined) core.setOutput('value', outputs.value)
  if (outputs.recordsFile !== undefined) core.setOutput('records-file', outputs.recordsFile)
  if (outputs.recordsWritten !== undefined) core.setOutput('records-written', outputs.recordsWritten)
  if (outputs.samples !== undefined) core.setOutput('samples', outputs.samples)
  if (outputs.verdict !== undefined) core.setOutput('verdict', outputs.verdict)
  if (outputs.truncated !== undefined) core.setOutput('truncated', outputs.truncated)
  if (outputs.searchTable !== undefined) core.setOutput('search-table', outputs.searchTable)
}
