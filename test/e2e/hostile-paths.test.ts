import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeClientCertificate } from '../emulator/certificates.js'
import { CLIENT_SECRET } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { runAction, type RunOptions } from './harness.js'

/**
 * Paths from a repository are hostile (issue 10): query-file, client-certificate
 * and output-file stay inside the workspace (output-file: or RUNNER_TEMP) after
 * every link is followed, a query is at most 1 MiB of text, and the records'
 * temporary file cannot be redirected. Each refusal is one line naming the
 * input, before any request.
 *
 * Every refusal (absolute paths, ../ escapes, links, a FIFO, over 1 MiB, a NUL
 * byte, a parent that is a file or cannot be written) is a unit test of
 * readSettings against a real workspace (test/unit/inputs/input-helper-paths.test.ts);
 * here, one link for each input proves that the bundle refuses so before any
 * request, shows neither the file nor a secret, and writes nothing outside.
 */

const certificate = await makeClientCertificate({ subject: 'CN=hostile-paths' })

let emulator: Emulator
/** A folder outside the job's workspace and RUNNER_TEMP, with a file to read and a file not to write. */
let outside: string
beforeAll(async () => {
  emulator = await startEmulator()
  emulator.registerCertificate(certificate.certPem)
  outside = mkdtempSync(join(tmpdir(), 'laq-outside-'))
  writeFileSync(join(outside, 'stolen.kql'), 'Heartbeat | count')
  writeFileSync(join(outside, 'app.pem'), certificate.pem)
  writeFileSync(join(outside, 'target.txt'), 'untouched')
})
afterAll(async () => {
  await emulator.close()
  rmSync(outside, { recursive: true, force: true })
})

/** The job's repository, from RUNNER_TEMP (the harness puts both in one folder). */
const workspaceOf = (runnerTemp: string) => join(dirname(runnerTemp), 'workspace')

/** Makes `links` (path in the workspace → target) before the run. */
function withLinks(links: Record<string, string | ((runnerTemp: string) => string)>): Pick<RunOptions, 'onRunnerTemp'> {
  return {
    onRunnerTemp: runnerTemp => {
      for (const [path, target] of Object.entries(links)) {
        const link = join(workspaceOf(runnerTemp), path)
        mkdirSync(dirname(link), { recursive: true })
        symlinkSync(typeof target === 'string' ? target : target(runnerTemp), link)
      }
    }
  }
}

/** Kills a run that hangs (reading a FIFO, say) after 20 s, so the test fails instead of waiting forever. */
const killAfter20s: Pick<RunOptions, 'onStart'> = {
  onStart: child => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', () => clearTimeout(timer))
  }
}

/** Runs the action and checks it failed with one line naming `input`, and sent no request. */
async function expectRefused(inputs: Record<string, string>, input: string, says: RegExp, options: RunOptions = {}) {
  const before = emulator.requests.length
  const run = await runAction(emulator, { query: 'Heartbeat', ...inputs }, { ...killAfter20s, ...options })
  expect(run.exitCode, run.stdout + run.stderr).toBe(1)
  expect(run.errors, run.stdout).toHaveLength(1)
  const [message] = run.errors
  expect(message.startsWith(`Input '${input}': `), message).toBe(true)
  expect(message).toMatch(says)
  expect(message).not.toContain('%0A')
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at \S+ \(/)
  expect(emulator.requests.length, 'requests sent').toBe(before)
  expect(run.outputs.verdict).toBe('error')
  expect(readFileSync(join(outside, 'target.txt'), 'utf8')).toBe('untouched')
  return run
}

describe('query-file stays in the workspace and is text', () => {
  it.skipIf(process.platform !== 'linux')(
    'refuses a .kql linked to /proc/self/environ: the environment is never sent',
    async () => {
      const run = await expectRefused(
        { query: '', 'query-file': 'queries/env.kql' },
        'query-file',
        /env\.kql leads to \/proc\/(self|\d+)\/environ, which is outside the workspace/,
        withLinks({ 'queries/env.kql': '/proc/self/environ' })
      )
      expect(run.stdout).not.toContain('GITHUB_WORKSPACE=')
    }
  )

  it('refuses a .kql linked to a file outside the workspace', async () => {
    await expectRefused(
      { query: '', 'query-file': 'queries/linked.kql' },
      'query-file',
      /linked\.kql leads to .*stolen\.kql, which is outside the workspace/,
      withLinks({ 'queries/linked.kql': join(outside, 'stolen.kql') })
    )
  })
})

describe('client-certificate stays in the workspace', () => {
  const withCertificate = (path: string) => ({ 'client-secret': '', 'client-certificate': path })

  it('refuses a PEM linked to a file outside the workspace', async () => {
    const run = await expectRefused(
      withCertificate('certs/app.pem'),
      'client-certificate',
      /app\.pem leads to .*app\.pem, which is outside the workspace \(GITHUB_WORKSPACE\); give the PEM text/,
      withLinks({ 'certs/app.pem': join(outside, 'app.pem') })
    )
    expect(run.stdout).not.toContain(CLIENT_SECRET)
  })
})

describe('output-file stays in the workspace or RUNNER_TEMP', () => {
  it('refuses a linked folder that leads outside', async () => {
    await expectRefused(
      { 'output-file': 'reports/records.json' },
      'output-file',
      /reports[\\/]records\.json leads to .*records\.json, which is outside the workspace/,
      withLinks({ reports: outside })
    )
    expect(readdirSync(outside).sort()).toEqual(['app.pem', 'stolen.kql', 'target.txt'])
  })

  it('writes through a random temporary name: links planted at every name the old scheme could pick redirect nothing', async () => {
    emulator.faults.push({ route: 'query', delayMs: 1000 })
    let planted = 0
    let workspace = ''
    try {
      const run = await runAction(
        emulator,
        { query: 'AllTypes', 'output-file': 'out/records.json' },
        {
          files: { 'out/.keep': '' },
          onRunnerTemp: runnerTemp => (workspace = workspaceOf(runnerTemp)),
          // `${path}.${pid}.${Date.now().toString(36)}.partial`, for every millisecond of the next 6 s.
          onStart: child => {
            const path = join(workspace, 'out', 'records.json')
            const from = Date.now()
            for (let ms = from; ms < from + 6000; ms++, planted++)
              symlinkSync(join(outside, 'target.txt'), `${path}.${child.pid}.${ms.toString(36)}.partial`)
          }
        }
      )
      expect(run.exitCode, run.stdout).toBe(0)
      expect(planted).toBe(6000)
      expect(readFileSync(join(outside, 'target.txt'), 'utf8')).toBe('untouched')
      expect(JSON.parse(readFileSync(join(run.workspace, 'out', 'records.json'), 'utf8'))).toHaveLength(4)
    } finally {
      emulator.faults.length = 0
    }
  }, 30_000)
})
