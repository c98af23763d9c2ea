import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSettings } from '../../../src/inputs/input-helper.js'
import { CLIENT_SECRET } from '../../emulator/directory.js'
import { EMULATOR_INPUTS, inputError, reader } from '../fixtures/inputs.js'

/*
 * Paths from a repository are hostile (issue 10): query-file, client-certificate and output-file stay inside the
 * workspace (output-file: or RUNNER_TEMP) after every link is followed, and a query is at most 1 MiB of text. Each
 * refusal is one line naming the input, from readSettings, before anything is sent. These were end-to-end cases
 * (issue 11); test/e2e/hostile-paths.test.ts keeps one for each input, which prove that the bundle refuses so before
 * any request, and the random name of the records' temporary file.
 */

const onWindows = process.platform === 'win32'
const asRoot = process.getuid?.() === 0
const MIB = 1024 * 1024

/** When the cases run. */
const NOW = Date.parse('2026-11-05T12:00:00Z')

/** As on the runner (and in the end-to-end harness): the repository and RUNNER_TEMP side by side in one folder. */
let root: string
let repo: string
let runnerTemp: string
/** A folder outside both, with a query to steal, a PEM to read and a file not to write. */
let outside: string
const OUTSIDE_FILES = ['app.pem', 'stolen.kql', 'target.txt']

/** Makes a link in the repository (and the folders it is in). */
function link(path: string, target: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true })
  symlinkSync(target, join(repo, path))
}

/** Writes a file in the repository (and the folders it is in). */
function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true })
  writeFileSync(join(repo, path), text)
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'input-paths-'))
  repo = join(root, 'workspace')
  runnerTemp = join(root, 'runner-temp')
  outside = mkdtempSync(join(tmpdir(), 'input-paths-outside-'))
  mkdirSync(repo)
  mkdirSync(runnerTemp)
  writeFileSync(join(outside, 'stolen.kql'), 'Heartbeat | count')
  writeFileSync(join(outside, 'app.pem'), '-----BEGIN CERTIFICATE-----\nnot to be read\n-----END CERTIFICATE-----\n')
  writeFileSync(join(outside, 'target.txt'), 'untouched')
  writeFileSync(join(runnerTemp, 'escape.kql'), 'Heartbeat | count')
  if (process.platform === 'linux') link('queries/env.kql', '/proc/self/environ')
  link('queries/linked.kql', join(outside, 'stolen.kql'))
  if (!onWindows) {
    mkdirSync(join(repo, 'queries'), { recursive: true })
    execFileSync('mkfifo', [join(repo, 'queries', 'pipe.kql')])
  }
  write('huge.kql', `Heartbeat\n// ${'x'.repeat(MIB)}\n| count`)
  write('binary.kql', 'Heartbeat\0| count')
  link('certs/app.pem', join(outside, 'app.pem'))
  link('reports', outside)
  link('records.json', join(outside, 'target.txt'))
  write('notes.txt', 'just notes')
  if (!asRoot && !onWindows) {
    mkdirSync(join(repo, 'locked'))
    chmodSync(join(repo, 'locked'), 0o555)
  }
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

interface PathRefusal {
  name: string
  inputs: () => Record<string, string>
  input: string
  says: RegExp
  skip?: boolean
}

const OUTSIDE_HINT =
  /is outside the workspace \(GITHUB_WORKSPACE\) and RUNNER_TEMP; write the records under the repository or leave output-file empty for a file in RUNNER_TEMP\.$/

const certificateAt = (path: string) => ({ 'client-secret': '', 'client-certificate': path })

const refusals: PathRefusal[] = [
  {
    name: 'a query-file at an absolute path outside the workspace',
    inputs: () => ({ query: '', 'query-file': join(outside, 'stolen.kql') }),
    input: 'query-file',
    says: /stolen\.kql is outside the workspace \(GITHUB_WORKSPACE\); keep the \.kql file in the repository/
  },
  {
    name: 'a query-file that escapes the workspace with ../',
    inputs: () => ({ query: '', 'query-file': '../runner-temp/escape.kql' }),
    input: 'query-file',
    says: /escape\.kql is outside the workspace \(GITHUB_WORKSPACE\)/
  },
  {
    name: 'a query-file linked to /proc/self/environ',
    inputs: () => ({ query: '', 'query-file': 'queries/env.kql' }),
    input: 'query-file',
    says: /env\.kql leads to \/proc\/(self|\d+)\/environ, which is outside the workspace/,
    skip: process.platform !== 'linux'
  },
  {
    name: 'a query-file linked to a file outside the workspace',
    inputs: () => ({ query: '', 'query-file': 'queries/linked.kql' }),
    input: 'query-file',
    says: /linked\.kql leads to .*stolen\.kql, which is outside the workspace/
  },
  {
    name: 'a query-file that is a FIFO (refused without waiting on it)',
    inputs: () => ({ query: '', 'query-file': 'queries/pipe.kql' }),
    input: 'query-file',
    says: /pipe\.kql is a named pipe \(FIFO\), not a regular file/,
    skip: onWindows
  },
  {
    name: 'a query-file over 1 MiB',
    inputs: () => ({ query: '', 'query-file': 'huge.kql' }),
    input: 'query-file',
    says: /huge\.kql is 1,048,597 bytes, over the limit of 1 MiB \(1,048,576 bytes\); give a smaller file\.$/
  },
  {
    name: 'a query-file with a NUL byte',
    inputs: () => ({ query: '', 'query-file': 'binary.kql' }),
    input: 'query-file',
    says: /binary\.kql holds a NUL byte; a query is text/
  },
  {
    name: 'a client-certificate linked to a PEM outside the workspace',
    inputs: () => certificateAt('certs/app.pem'),
    input: 'client-certificate',
    says: /app\.pem leads to .*app\.pem, which is outside the workspace \(GITHUB_WORKSPACE\); give the PEM text/
  },
  {
    name: 'a client-certificate at an absolute path outside the workspace',
    inputs: () => certificateAt(join(outside, 'app.pem')),
    input: 'client-certificate',
    says: /app\.pem is outside the workspace \(GITHUB_WORKSPACE\)/
  },
  {
    name: 'an output-file at an absolute path outside',
    inputs: () => ({ 'output-file': join(outside, 'records.json') }),
    input: 'output-file',
    says: OUTSIDE_HINT
  },
  {
    name: 'an output-file that escapes with ../',
    inputs: () => ({ 'output-file': '../records.json' }),
    input: 'output-file',
    says: OUTSIDE_HINT
  },
  {
    name: 'an output-file in a linked folder that leads outside',
    inputs: () => ({ 'output-file': 'reports/records.json' }),
    input: 'output-file',
    says: /reports[\\/]records\.json leads to .*records\.json, which is outside the workspace/
  },
  {
    name: 'an output-file linked to a file outside',
    inputs: () => ({ 'output-file': 'records.json' }),
    input: 'output-file',
    says: /records\.json leads to .*target\.txt, which is outside/
  },
  {
    name: 'an output-file whose parent is a regular file',
    inputs: () => ({ 'output-file': 'notes.txt/records.json' }),
    input: 'output-file',
    says: /notes\.txt[\\/]records\.json cannot be created: .*notes\.txt is a file, not a folder; remove that file or choose another path\.$/
  },
  {
    name: 'an output-file whose parent the job cannot write to',
    inputs: () => ({ 'output-file': 'locked/records.json' }),
    input: 'output-file',
    says: /locked is not writable; choose a folder the job can write to\.$/,
    skip: asRoot || onWindows
  }
]

describe('readSettings keeps paths from the repository in their place', () => {
  // The cases this platform cannot set up (a FIFO on Windows, say) are left out.
  const here = refusals.filter(refusal => !refusal.skip)
  it.each(here)('refuses $name: one line naming $input, nothing written', ({ inputs, input, says }) => {
    const env = { GITHUB_WORKSPACE: repo, RUNNER_TEMP: runnerTemp }
    const error = inputError(() => readSettings(reader({ ...EMULATOR_INPUTS, ...inputs() }), env, NOW))
    expect(error.input).toBe(input)
    expect(error.message.startsWith(`Input '${input}': `), error.message).toBe(true)
    expect(error.message).toMatch(says)
    expect(error.message).not.toMatch(/[\r\n]/)
    // Nothing of a file it refuses (/proc/self/environ: the variables) is in the message.
    expect(error.message).not.toContain('PATH=')
    expect(error.message).not.toContain(CLIENT_SECRET)
    expect(readFileSync(join(outside, 'target.txt'), 'utf8')).toBe('untouched')
    expect(readdirSync(outside).sort()).toEqual(OUTSIDE_FILES)
    expect(readdirSync(root).sort()).toEqual(['runner-temp', 'workspace'])
  })
})
