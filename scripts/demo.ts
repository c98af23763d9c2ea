/**
 * `npm run demo`: starts the emulator, runs the bundled action against it the
 * way the runner does (node dist/index.js with INPUT_* variables, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files), and shows what a user would see: the log as
 * the runner renders it, the outputs, the job summary and the verdict.
 */
import { readFileSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { startEmulator } from '../test/emulator/emulator.js'
import type { ActionRun } from '../test/e2e/harness.js'
import { runScenario, SCENARIOS, type Scenario } from './demo-scenarios.js'

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text)

const emulator = await startEmulator()
try {
  for (const scenario of SCENARIOS) await show(scenario)
} finally {
  await emulator.close()
}

async function show(scenario: Scenario): Promise<void> {
  const { title, inputs } = scenario
  console.log(`\n${bold(`━━ ${title}`)}`)
  console.log(dim('   with:'))
  for (const [name, value] of Object.entries(inputs))
    console.log(
      dim(`     ${name}: ${value.includes('\n') ? `|\n       ${value.split('\n').join('\n       ')}` : value}`)
    )
  const run = await runScenario(emulator, scenario)
  try {
    print(run)
  } finally {
    // The run's workspace and RUNNER_TEMP (the export's records file is ~100 MB): nothing is left in the temp folder.
    rmSync(dirname(run.runnerTemp), { recursive: true, force: true })
  }
}

function print(run: ActionRun): void {
  console.log(`\n${bold('Log')} ${dim('(as the runner shows it: groups folded open, secrets masked)')}`)
  console.log(runnerLog(run))
  console.log(`${bold('Outputs')}`)
  for (const [name, value] of Object.entries(run.outputs))
    console.log(
      `  ${name} = ${value.length > 200 ? `${value.slice(0, 199)}… ${dim(`(${value.length} characters)`)}` : value}`
    )
  console.log(`\n${bold('Records file')} ${dim(run.outputs['records-file'])}`)
  const records = readFileSync(run.outputs['records-file'], 'utf8').trimEnd().split(/\r?\n/)
  console.log(
    records
      .slice(0, 4)
      .map(line => `  ${line.length > 160 ? `${line.slice(0, 159)}…` : line}`)
      .join('\n')
  )
  if (records.length > 4) console.log(dim(`  … ${records.length - 4} more lines`))
  console.log(`\n${bold('Job summary')} ${dim('($GITHUB_STEP_SUMMARY, Markdown)')}`)
  console.log(run.summary.replace(/^/gm, '  '))
  console.log(
    bold(
      `Verdict: ${run.outputs.verdict} — the step ${run.exitCode === 0 ? 'succeeded' : `failed (exit code ${run.exitCode})`}`
    )
  )
}

/** The log as GitHub renders it: commands applied, masked values hidden. */
function runnerLog(run: ActionRun): string {
  const lines = run.stdout.split(/\r?\n/)
  const secrets = lines.filter(line => line.startsWith('::add-mask::')).map(line => line.slice(12))
  return lines
    .filter(line => !line.startsWith('::add-mask::') && !line.startsWith('::debug::') && line !== '::endgroup::')
    .map(line => {
      for (const secret of secrets) line = line.split(secret).join('***')
      if (line.startsWith('::group::')) return `  ▼ ${line.slice(9)}`
      const command = /^::(error|warning|notice)([^:]*)::(.*)$/.exec(line)
      if (command)
        return `  ${command[1].toUpperCase()}${command[2] ? ` (${command[2].trim().replace(/^title=/, '')})` : ''}: ${command[3]}`
      return `    ${line}`
    })
    .join('\n')
}
