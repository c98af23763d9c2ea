import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { ActionRun } from './harness.js'

/** The base64 lines of a PEM's private key block: the runner masks line by line. */
export function keyLines(pem: string): string[] {
  const key = /-----BEGIN (?:ENCRYPTED )?PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem)?.[1] ?? ''
  return key.split('\n').filter(line => line.length >= 16)
}

/** Every file a run left behind: outputs, summary, records, anything in RUNNER_TEMP or the workspace. */
function filesOf(run: ActionRun): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap(name => {
      const path = join(folder, name)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
  return [...walk(run.runnerTemp), ...walk(run.workspace)]
}

/**
 * A secret may appear only inside the `::add-mask::` command that tells the
 * runner to hide it; anywhere else it would reach the log, a file or an output.
 */
export function expectNoLeak(run: ActionRun, secrets: string[]): void {
  const logs = (run.stdout + '\n' + run.stderr)
    .split(/\r?\n/)
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  const places: [string, string][] = [
    ['log', logs],
    ['outputs', JSON.stringify(run.outputs)],
    ['summary', run.summary],
    ...filesOf(run).map(file => [file, readFileSync(file, 'utf8')] as [string, string])
  ]
  for (const secret of secrets) {
    for (const [place, text] of places) expect(text.includes(secret), `${place} holds a secret`).toBe(false)
  }
}

/**
 * The values the run told the runner to mask (command data unescaped, so a multi-line value reads as it is); with
 * `beforeError`, only those masked before its first `::error`.
 */
export function masked(run: ActionRun, options: { beforeError?: boolean } = {}): string[] {
  const lines = run.stdout.split(/\r?\n/)
  const error = options.beforeError ? lines.findIndex(line => line.startsWith('::error')) : -1
  return (error === -1 ? lines : lines.slice(0, error))
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => line.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}
