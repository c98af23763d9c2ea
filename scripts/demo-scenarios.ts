/**
 * The runs the demo shows (`npm run demo`) and the screenshot renders
 * (`npm run screenshot`): the uses of the action against the emulator.
 */
import { WORKSPACE_RESOURCE_ID } from '../test/emulator/directory.js'
import type { Emulator } from '../test/emulator/emulator.js'
import { addExportTable, type ExportTableSpec } from '../test/emulator/export-tables.js'
import { runAction, type ActionRun } from '../test/e2e/harness.js'

export interface Scenario {
  title: string
  inputs: Record<string, string>
  /** Counts the emulator's `Series` table shows to successive queries. */
  series?: number[]
  /** Part of the screenshot of the job summary. */
  screenshot?: boolean
  /** A large generated table the scenario reads (an export past the service's caps). */
  exportTable?: ExportTableSpec
}

export const SCENARIOS: Scenario[] = [
  {
    title: 'A deployment gate: at most 5 errors from the api in the last 30 minutes',
    inputs: { query: "AppExceptions\n| where AppRoleName == 'api'", timespan: 'PT30M', 'max-count': '5' }
  },
  {
    title: 'The same gate over the last 2 hours: it fails, and the outputs are still set',
    inputs: {
      query: "AppExceptions\n| where AppRoleName == 'api'",
      timespan: '2h',
      'max-count': '5',
      'output-format': 'csv'
    }
  },
  {
    title: 'After a rollout: wait for ingestion, then watch the error count (seconds here, minutes in real life)',
    inputs: {
      query: "Series\n| where Level == 'Error'",
      timespan: 'PT5M',
      delay: '1s',
      watch: '4s',
      interval: '1s',
      'max-count': '8',
      'warn-count': '5',
      'summary-rows': '3'
    },
    series: [2, 4, 3, 6, 3],
    screenshot: true
  },
  {
    title: 'A nightly report: failed requests per hour, drawn as a chart',
    inputs: {
      query:
        "AppRequests\n| where Success == false\n| summarize failures = count() by bin(TimeGenerated, 1h)\n| render timechart with (title='Failed requests per hour')",
      timespan: '24h',
      'summary-rows': '5'
    },
    screenshot: true
  },
  {
    title: 'A search job over the last day: created, polled, read, then its table deleted',
    inputs: {
      mode: 'search-job',
      workspace: WORKSPACE_RESOURCE_ID,
      query: 'AppExceptions\n| where SeverityLevel >= 3\n| project TimeGenerated, AppRoleName, ProblemId',
      timespan: 'P1D',
      'poll-interval': '1s'
    }
  },
  {
    title: "An audit export past the service's caps: 1,200,000 records in time slices, every one in the file",
    inputs: { query: "AuditEvents\n| where Level != 'Debug'", timespan: 'all', 'output-format': 'ndjson' },
    exportTable: { name: 'AuditEvents', rows: 1_200_000, spanMs: 3_600_000 }
  }
]

/** Runs one scenario's inputs through the bundled action, as the runner would. */
export function runScenario(emulator: Emulator, scenario: Scenario): Promise<ActionRun> {
  emulator.series = scenario.series ?? []
  if (scenario.exportTable) addExportTable(emulator, scenario.exportTable)
  return runAction(emulator, scenario.inputs)
}
