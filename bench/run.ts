/**
 * `npm run bench`: the action against the usual ways of doing its job, on the
 * largest answer the service sends and on a small one, in one run.
 *
 *   (a) the action end to end (node dist/index.js, as the runner runs it)
 *   (b) the floor: fetch + JSON.parse + write (bench/contenders/floor.mjs)
 *   (c) @azure/identity + @azure/monitor-query-logs doing the same (bench/contenders/sdk.mjs)
 *   (d) a small query: the action, the same fetch script, and bare `node -e 0`
 *   (e) the max-size answer again with a two-column `fail-if` (conditions over rows), against (a)
 *
 * Every contender runs as its own process under the same Node (24, the
 * runtime action.yml declares, fetched from the npm registry when this machine
 * has another), against the emulator in a separate process; each is run
 * several times and the median wall time and peak RSS are printed. Figures,
 * not assertions: `--runs N` (default 5), `--node PATH`.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = resolve(import.meta.dirname, '..')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, node: { type: 'string' } } })
const runs = Number(values.runs)
const node = values.node ?? node24()
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()

interface Sample {
  wallMs: number
  rssMiB: number
}

const emulator = await startEmulator()
const scratch = mkdtempSync(join(tmpdir(), 'laq-bench-'))
writeFileSync(join(scratch, 'output'), '')
writeFileSync(join(scratch, 'summary'), '')
try {
  const large = {
    query: 'AppRequestsMax',
    label: `max-size answer (${emulator.largeRows.toLocaleString('en')} rows × 23 columns, ${(emulator.largeBytes / 1e6).toFixed(0)} MB JSON, ${(emulator.largeGzipBytes / 1e6).toFixed(1)} MB gzipped)`
  }
  const small = { query: 'Heartbeat | take 5', label: 'small query (5 rows)' }

  console.log(`Log Analytics Query bench — ${new Date().toISOString().slice(0, 10)}`)
  console.log(
    `Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${version}; median of ${runs} runs\n`
  )

  const action =
    (query: string, extra: Record<string, string> = {}) =>
    () =>
      measure(node, [join(root, 'dist/index.js')], actionEnv(query, extra))
  const script = (file: string, query: string) => () =>
    measure(node, [join(root, 'bench/contenders', file)], scriptEnv(query))

  const results: [string, Sample][] = [
    ['(a) the action', await median(action(large.query))],
    ['(b) floor: fetch + JSON.parse + write', await median(script('floor.mjs', large.query))],
    ['(c) @azure/monitor-query-logs', await median(script('sdk.mjs', large.query))]
  ]
  print(large.label, results)
  const [a, b, c] = results.map(([, sample]) => sample)
  console.log(
    `\n  the action vs the floor: ${ratio(a.wallMs, b.wallMs)} the time, ${ratio(a.rssMiB, b.rssMiB)} the memory (targets ≤ 0.45×, ≤ 0.15×)`
  )
  console.log(
    `  the action vs the SDK:   ${ratio(a.wallMs, c.wallMs)} the time, ${ratio(a.rssMiB, c.rssMiB)} the memory (targets ≤ 0.45×, ≤ 0.15×)\n`
  )

  // Conditions over rows: every row of the max-size answer judged by a CEL expression that reads two columns.
  const conditions = await median(action(large.query, { 'fail-if': 'DurationMs > 5000.0 && ItemCount > 5' }))
  print(`${large.label}, with a two-column fail-if`, [['(e) the action with fail-if', conditions]])
  console.log(
    `\n  with fail-if vs without: ${ratio(conditions.wallMs, a.wallMs)} the time (target ≤ 1.5×), ${Math.round(conditions.rssMiB)} MiB peak (target < 150 MiB)\n`
  )

  const smallResults: [string, Sample][] = [
    ['(d) the action', await median(action(small.query))],
    ['    fetch script, same two requests', await median(script('floor.mjs', small.query))],
    ['    bare `node -e 0`', await median(() => measure(node, ['-e', '0'], {}))]
  ]
  print(small.label, smallResults)
  const [d, fetchSmall] = smallResults.map(([, sample]) => sample)
  console.log(`\n  the action vs the fetch script: ${ratio(d.wallMs, fetchSmall.wallMs)} the time (target ≤ 1.25×)`)
} finally {
  emulator.stop()
  rmSync(scratch, { recursive: true, force: true })
}

function actionEnv(query: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    RUNNER_TEMP: scratch,
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    GITHUB_WORKSPACE: scratch
  }
  const inputs: Record<string, string> = {
    workspace: emulator.workspaceId,
    query,
    'tenant-id': emulator.tenantId,
    'client-id': emulator.clientId,
    'client-secret': emulator.clientSecret,
    'authority-host': emulator.url,
    endpoint: emulator.url,
    'output-file': join(scratch, 'action.json'),
    // One answer, as the contenders fetch it (and the emulator cannot count its prebuilt max-size table).
    split: 'off',
    ...extra
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return env
}

function scriptEnv(query: string): Record<string, string> {
  return {
    EMULATOR_URL: emulator.url,
    TENANT_ID: emulator.tenantId,
    CLIENT_ID: emulator.clientId,
    CLIENT_SECRET: emulator.clientSecret,
    WORKSPACE_ID: emulator.workspaceId,
    QUERY: query,
    OUT_FILE: join(scratch, 'script.json')
  }
}

/** One run of a process: wall time from spawn to exit, and its peak RSS (getrusage, through /usr/bin/time). */
async function measure(command: string, args: string[], env: Record<string, string>): Promise<Sample> {
  const timed = existsSync('/usr/bin/time')
  const argv = timed ? ['/usr/bin/time', '-f', 'maxrss=%M', command, ...args] : [command, ...args]
  const started = process.hrtime.bigint()
  const child = spawn(argv[0], argv.slice(1), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: emulator.caBundleFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stdout.resume()
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  const code = await new Promise<number | null>(done => child.on('close', done))
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`)
  const rss = /maxrss=(\d+)/.exec(stderr)
  return { wallMs, rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN }
}

async function median(run: () => Promise<Sample>): Promise<Sample> {
  await run() // warm the disk cache and the emulator's connection handling
  const samples: Sample[] = []
  for (let i = 0; i < runs; i++) samples.push(await run())
  const middle = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]
  return { wallMs: middle(samples.map(s => s.wallMs)), rssMiB: middle(samples.map(s => s.rssMiB)) }
}

function print(title: string, rows: [string, Sample][]): void {
  console.log(`${title}`)
  console.log(`  ${'contender'.padEnd(40)} ${'wall'.padStart(9)} ${'peak RSS'.padStart(10)}`)
  for (const [name, sample] of rows) {
    console.log(
      `  ${name.padEnd(40)} ${`${Math.round(sample.wallMs)} ms`.padStart(9)} ${`${Math.round(sample.rssMiB)} MiB`.padStart(10)}`
    )
  }
}

function ratio(x: number, y: number): string {
  return `${(x / y).toFixed(2)}×`
}

/** Node 24 (the runner's runtime): this one when it is 24, else from the npm registry. */
function node24(): string {
  if (process.version.startsWith('v24.')) return process.execPath
  const path = execFileSync('npx', ['-y', '-p', 'node@24', '--', 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    shell: process.platform === 'win32'
  }).trim()
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error('cannot find Node 24: pass --node PATH')
  return path
}

interface BenchEmulator {
  url: string
  caBundleFile: string
  tenantId: string
  clientId: string
  clientSecret: string
  workspaceId: string
  largeRows: number
  largeBytes: number
  largeGzipBytes: number
  stop(): void
}

/** The emulator in its own process (so that its work is not measured), with the large answer built up front. */
async function startEmulator(): Promise<BenchEmulator> {
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'test/emulator/cli.ts'), '--large'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  let text = ''
  child.stdout.setEncoding('utf8')
  const settings = await new Promise<Record<string, string | number>>((done, fail) => {
    child.stdout.on('data', (chunk: string) => {
      text += chunk
      const end = text.indexOf('\n}\n')
      if (end !== -1) done(JSON.parse(text.slice(0, end + 2)) as Record<string, string | number>)
    })
    child.on('exit', code => fail(new Error(`the emulator exited with ${code}`)))
  })
  return { ...(settings as unknown as BenchEmulator), stop: () => child.kill() }
}
