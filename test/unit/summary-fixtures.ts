import { evaluateGate, measureResult } from '../../src/gate.js'
import type { EvaluationSettings, GateSettings } from '../../src/settings.js'
import type { SummaryModel } from '../../src/summary/render.js'
import { verdictOf } from '../../src/watch/plan.js'

/** Rows as the response parser keeps them: each cell as its raw JSON text. */
export function raw(rows: unknown[][]): string[][] {
  return rows.map(row => row.map(cell => JSON.stringify(cell)))
}

/** A single evaluation without delay. */
export const ONCE: EvaluationSettings = { mode: 'once', delayMs: 0, windowMs: 0, intervalMs: 60_000 }

/** A summary model of a plain run (3 rows, no gate); `overrides` replace any part. */
export function summaryModel(overrides: Partial<SummaryModel> = {}): SummaryModel {
  return {
    conclusion: { verdict: 'none', reasons: [] },
    gate: {},
    evaluation: ONCE,
    samples: [],
    count: 3,
    written: 3,
    recordsFile: '/home/runner/work/_temp/log-analytics-query-1a2b3c4d.json',
    format: 'json',
    workspace: '2b2c1f5e-0000-4c5c-9d3a-0123456789ab',
    timespan: 'P1D',
    query: 'AppExceptions\n| where SeverityLevel >= 3\n| project TimeGenerated, Message',
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Message', type: 'string' },
      { name: 'Count', type: 'long' }
    ],
    preview: [
      ['"2026-11-01T00:00:00Z"', '"first"', '1'],
      ['"2026-11-01T00:01:00Z"', '"second"', '9007199254740993'],
      ['"2026-11-01T00:02:00Z"', 'null', 'null']
    ],
    previewRows: 20,
    records: true,
    elapsedMs: 1500,
    attempts: 1,
    ...overrides
  }
}

/** The parts of a model that a single evaluation of `gate` on this count (and first cell) decides. */
export function judged(count: number, gate: GateSettings, firstCell?: string): Pick<SummaryModel, 'conclusion' | 'gate' | 'count' | 'written' | 'value' | 'samples'> {
  const measure = measureResult(count, firstCell === undefined ? undefined : [firstCell])
  const outcome = evaluateGate(measure, gate)
  const sample = { index: 1, at: Date.parse('2026-11-01T06:00:00Z'), measure, gate: outcome }
  return { conclusion: verdictOf(outcome), gate, count, written: count, value: measure.value, samples: [sample] }
}
