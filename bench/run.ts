/**
 * `npm run bench`: the action against the usual ways of doing its job, on the
 * largest answer the service sends and on a small one, in one run.
 *
 *   (a) the action end to end (node dist/index.js, as the runner runs it)
 *   (b) the floor: fetch + JSON.parse + write (bench/contenders/floor.mjs)
 *   (c) @azure/identity + @azure/monitor-query-logs doing the same (bench/contenders/sdk.mjs)
 *   (d) a small query: the action, the same fetch script, and bare `node -e 0`
 *   (e) the max-size answer again with a two-column `fail-if` (conditions over rows), against (a)
 *   (f) an export: 2,000,000 rows of the max-answer shape, split into time slices, from a second emulator paced
 *       like the service (time on the server before the first byte, bytes a second per connection), against one
 *       stream of the same pacing (one answer, `split: off`) and against (a) for CPU time per row
 *
 * Every contender runs as its own process under the same Node (24, the
 * runtime action.yml declares, fetched from the npm registry when this machine
 * has another), against the emulator in a separate process; each is run
 * several times and the median wall time and peak RSS are printed. Figures,
 * not assertions: `--runs N` (default 5), `--export-runs N` (default 3 at most: an export writes ~2.5 GB),
 * `--only answers|export` (the export alone still runs (a) once more, for its CPU time per row), the export's pacing
 * `--bytes-per-second N` (default 20,000,000 a connection) and `--server-time-ms N` (400), `--node PATH`.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'export-runs': { type: 'string' },
    only: { type: 'string' },
    'bytes-per-second': { type: 'string', default: '20000000' },
    'server-time-ms': { type: 'string', default: '400' },
    node: { type: 'string' }
  }
})
const runs = Number(values.runs)
const exportRuns = Number(values['export-runs'] ?? Math.min(runs, 3))
if (values.only !== undefined && values.only !== 'answers' && values.only !== 'export') {
  throw new Error(`--only ${values.only}: expected answers or export`)
}
const node = values.node ?? node24()
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()

/**
 * The export's emulator: what makes a real query slow, per query and per connection. The Logs API spends a few
 * hundred milliseconds on a query before its first byte and sends a large answer at some tens of MB a second: one
 * stream cannot go faster than that, whatever the client. 20 MB/s (a max-size answer in 5 s) leaves the action's
 * parser room on one core; at 50 MB/s one stream already takes a whole core of this machine's (about 15 µs a row),
 * and slices in flight cannot add to it on 2 cores (`--bytes-per-second 50000000` shows it).
 */
const PACING = { serverTimeMs: Number(values['server-time-ms']), bytesPerSecond: Number(values['bytes-per-second']) }
const EXPORT = { table: 'Export2M', rows: 2_000_000, oneStreamRows: 100_000 }

interface Sample {
  wallMs: number
  rssMiB: number
  /** User + system CPU time of the process (seconds), and the system part. */
  cpuS: number
  sysS: number
  /** The action's `Exported … rows … in N slices and M counting queries …` line, if any. */
  exportLine?: string
}

const emulator = await startEmulator(['--large'])
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
  const counted = values.only === 'export' ? exportRuns : runs
  const exportCount = values.only === undefined ? ` (${exportRuns} for the export)` : ''
  console.log(
    `Machine: ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB; Node ${version}; median of ${counted} runs${exportCount}`
  )
  console.log(
    `Load average at the start: ${loadavg()
      .map(load => load.toFixed(2))
      .join(', ')}\n`
  )

  const action =
    (query: string, extra: Record<string, string> = {}) =>
    () =>
      measure(node, [join(root, 'dist/index.js')], actionEnv(emulator, query, extra))
  const script = (file: string, query: string) => () =>
    measure(node, [join(root, 'bench/contenders', file)], scriptEnv(query))
  // The emulator has no counting answer for the prebuilt max-size table: one answer, as before exports.
  const single = action(large.query, { split: 'off' })

  if (values.only === 'export') {
    await exportSection(await median(single, exportRuns), exportRuns)
  } else {
    const a = await answerSections()
    if (values.only !== 'answers') await exportSection(a, exportRuns)
  }

  /** (f): the export, one stream of the same pacing, and CPU time per row against the single answer. */
  async function exportSection(single: Sample, n: number): Promise<void> {
    const loadBefore = loadavg()[0]
    const paced = await startEmulator([
      '--export-table',
      `${EXPORT.table}:${EXPORT.rows}:wide`,
      '--server-time-ms',
      String(PACING.serverTimeMs),
      '--bytes-per-second',
      String(PACING.bytesPerSecond)
    ])
    try {
      const exportFile = join(scratch, 'export.ndjson')
      const exportAction = (query: string, extra: Record<string, string>) => async () => {
        try {
          const inputs = { timespan: 'all', 'output-format': 'ndjson', 'output-file': exportFile, ...extra }
          return await measure(node, [join(root, 'dist/index.js')], actionEnv(paced, query, inputs))
        } finally {
          // The records (about 2.5 GB) and any part left beside them.
          for (const name of readdirSync(scratch)) if (name.startsWith('export.')) rmSync(join(scratch, name))
        }
      }
      const oneStream = await median(
        exportAction(`${EXPORT.table} | take ${EXPORT.oneStreamRows}`, { split: 'off' }),
        n
      )
      // No warm-up run: the one stream's runs warmed the emulator, and each export writes ~2 GB.
      const exported = await median(exportAction(EXPORT.table, {}), n, false)
      const stats = await emulatorGet<{ stats: { maxRunning: number; throttledByQueue: number } }>(
        paced,
        '/emulator/queries'
      )
      const mb = (bytes: number) => `${(bytes / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} MB`
      console.log(
        `export: ${EXPORT.rows.toLocaleString('en')} rows of the max-answer shape (~730 bytes a row in the answers) ` +
          `to NDJSON; median of ${n} runs`
      )
      console.log(
        `  emulator: ${PACING.serverTimeMs} ms on the server before each answer's first byte, then ` +
          `${mb(PACING.bytesPerSecond)}/s per connection;`
      )
      console.log(
        `  caps ${paced.rowCap.toLocaleString('en')} rows and ${mb(paced.byteCap)} an answer, ` +
          `${paced.maxConcurrentQueries} queries at a time per identity (then a queue), ` +
          `${paced.rateLimit.requests} requests per ${paced.rateLimit.windowMs / 1000} s`
      )
      console.log(
        `  load average (1 min) ${loadBefore.toFixed(2)} before the section, ${loadavg()[0].toFixed(2)} after`
      )
      const rowsPerSecond = (rows: number, sample: Sample) => rows / (sample.wallMs / 1000)
      const cpuPerRow = (rows: number, sample: Sample) => (sample.cpuS * 1e6) / rows
      const header =
        `  ${'contender'.padEnd(40)} ${'wall'.padStart(9)} ${'rows/s'.padStart(9)} ` +
        `${'peak RSS'.padStart(10)} ${'CPU/row'.padStart(9)}`
      const line = (name: string, rows: number, sample: Sample) =>
        `  ${name.padEnd(40)} ${`${Math.round(sample.wallMs)} ms`.padStart(9)} ` +
        `${Math.round(rowsPerSecond(rows, sample)).toLocaleString('en').padStart(9)} ` +
        `${`${Math.round(sample.rssMiB)} MiB`.padStart(10)} ${`${cpuPerRow(rows, sample).toFixed(1)} µs`.padStart(9)}`
      console.log(header)
      console.log(line('(f) the action, split: auto', EXPORT.rows, exported))
      console.log(
        line(
          `    one stream: take ${EXPORT.oneStreamRows.toLocaleString('en')}, split: off`,
          EXPORT.oneStreamRows,
          oneStream
        )
      )
      console.log(line('    (a) the max-size answer, split: off', emulator.largeRows, single))
      const plan = /in (\d+) slices? and (\d+) counting quer/.exec(exported.exportLine ?? '')
      console.log(`\n  ${exported.exportLine ?? 'no export line in the log'}`)
      console.log(
        `  ${plan?.[1] ?? '?'} slices, ${plan?.[2] ?? '?'} counting queries; at most ${stats.body.stats.maxRunning} ` +
          `queries running at once on the emulator, ${stats.body.stats.throttledByQueue} queued out (429)`
      )
      const speedup = rowsPerSecond(EXPORT.rows, exported) / rowsPerSecond(EXPORT.oneStreamRows, oneStream)
      console.log(`  with 4 slices in flight: ${speedup.toFixed(2)}× the rows per second of one stream (target ≥ 2.5×)`)
      console.log(`  peak RSS: ${Math.round(exported.rssMiB)} MiB (target ≤ 150 MiB whatever the size)`)
      const sysPerRow = (rows: number, sample: Sample) => ((sample.sysS * 1e6) / rows).toFixed(1)
      console.log(
        `  CPU per row: ${ratio(cpuPerRow(EXPORT.rows, exported), cpuPerRow(emulator.largeRows, single))} the single ` +
          `answer's (target ≤ 1×), user + system time of the action's process;`
      )
      console.log(
        `  system time alone: ${sysPerRow(EXPORT.rows, exported)} µs a row against ` +
          `${sysPerRow(emulator.largeRows, single)} µs\n`
      )
    } finally {
      paced.stop()
    }
  }

  /** (a) to (e): the max-size answer against the floor and the SDK, with fail-if, and a small query. */
  async function answerSections(): Promise<Sample> {
    const results: [string, Sample][] = [
      ['(a) the action, split: off', await median(single)],
      ['(b) floor: fetch + JSON.parse + write', await median(script('floor.mjs', large.query))],
      ['(c) @azure/monitor-query-logs', await median(script('sdk.mjs', large.query))]
    ]
    print(large.label, results)
    const [a, b, c] = results.map(([, sample]) => sample)
    console.log(
      `\n  the action vs the floor: ${ratio(a.wallMs, b.wallMs)} the time, ${ratio(a.rssMiB, b.rssMiB)} the memory ` +
        `(targets ≤ 0.45×, ≤ 0.15×)`
    )
    console.log(
      `  the action vs the SDK:   ${ratio(a.wallMs, c.wallMs)} the time, ${ratio(a.rssMiB, c.rssMiB)} the memory ` +
        `(targets ≤ 0.45×, ≤ 0.15×)\n`
    )

    // Conditions over rows: every row of the max-size answer judged by a CEL expression that reads two columns.
    const conditions = await median(
      action(large.query, { split: 'off', 'fail-if': 'DurationMs > 5000.0 && ItemCount > 5' })
    )
    print(`${large.label}, with a two-column fail-if`, [['(e) the action with fail-if', conditions]])
    console.log(
      `\n  with fail-if vs without: ${ratio(conditions.wallMs, a.wallMs)} the time (target ≤ 1.5×), ` +
        `${Math.round(conditions.rssMiB)} MiB peak (target < 150 MiB)\n`
    )

    const smallResults: [string, Sample][] = [
      ['(d) the action', await median(action(small.query))],
      ['    fetch script, same two requests', await median(script('floor.mjs', small.query))],
      ['    bare `node -e 0`', await median(() => measure(node, ['-e', '0'], {}))]
    ]
    print(small.label, smallResults)
    const [d, fetchSmall] = smallResults.map(([, sample]) => sample)
    console.log(`\n  the action vs the fetch script: ${ratio(d.wallMs, fetchSmall.wallMs)} the time (target ≤ 1.25×)\n`)
    return a
  }
} finally {
  emulator.stop()
  rmSync(scratch, { recursive: true, force: true })
}

function actionEnv(emulator: BenchEmulator, query: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    NODE_EXTRA_CA_CERTS: emulator.caFile,
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

/**
 * One run of a process: wall time from spawn to exit, its peak RSS and CPU time (getrusage, through /usr/bin/time),
 * and the action's export line from its log.
 */
async function measure(command: string, args: string[], env: Record<string, string>): Promise<Sample> {
  const timed = existsSync('/usr/bin/time')
  const argv = timed ? ['/usr/bin/time', '-f', 'maxrss=%M cpu=%U+%S', command, ...args] : [command, ...args]
  const started = process.hrtime.bigint()
  const child = spawn(argv[0], argv.slice(1), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: emulator.caFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout = (stdout + text).slice(-100_000)))
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
  const code = await new Promise<number | null>(done => child.on('close', done))
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}: ${stdout.slice(-1000)}${stderr.slice(-2000)}`)
  const rss = /maxrss=(\d+)/.exec(stderr)
  const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(stderr)
  return {
    wallMs,
    rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN,
    cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN,
    sysS: cpu ? Number(cpu[2]) : Number.NaN,
    exportLine: /^Exported .*$/m.exec(stdout)?.[0]
  }
}

/** A warm-up run (unless `warm` is false), then `n`: the median of each figure (the export line of the last run). */
async function median(run: () => Promise<Sample>, n = runs, warm = true): Promise<Sample> {
  if (warm) await run() // warm the disk cache and the emulator's connection handling
  const samples: Sample[] = []
  for (let i = 0; i < n; i++) samples.push(await run())
  const middle = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]
  return {
    wallMs: middle(samples.map(s => s.wallMs)),
    rssMiB: middle(samples.map(s => s.rssMiB)),
    cpuS: middle(samples.map(s => s.cpuS)),
    sysS: middle(samples.map(s => s.sysS)),
    exportLine: samples.at(-1)?.exportLine
  }
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
  caFile: string
  tenantId: string
  clientId: string
  clientSecret: string
  workspaceId: string
  rowCap: number
  byteCap: number
  maxConcurrentQueries: number
  rateLimit: { requests: number; windowMs: number }
  /** With --large. */
  largeRows: number
  largeBytes: number
  largeGzipBytes: number
  stop(): void
}

/** The emulator in its own process (so that its work is not measured), with the flags of test/emulator/cli.ts. */
async function startEmulator(flags: string[]): Promise<BenchEmulator> {
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'test/emulator/cli.ts'), ...flags],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  let text = ''
  child.stdout.setEncoding('utf8')
  const settings = await new Promise<Record<string, unknown>>((done, fail) => {
    child.stdout.on('data', (chunk: string) => {
      text += chunk
      const end = text.indexOf('\n}\n')
      if (end !== -1) done(JSON.parse(text.slice(0, end + 2)) as Record<string, unknown>)
    })
    child.on('exit', code => fail(new Error(`the emulator exited with ${code}`)))
  })
  return { ...(settings as unknown as BenchEmulator), stop: () => child.kill() }
}

/** A GET of the emulator's admin API (loopback), as JSON. */
function emulatorGet<T>(emulator: BenchEmulator, path: string): Promise<{ status: number; body: T }> {
  return new Promise((done, fail) => {
    const req = request(new URL(path, emulator.url), { ca: readFileSync(emulator.caFile) }, response => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      response.on('end', () => done({ status: response.statusCode ?? 0, body: JSON.parse(text) as T }))
    })
    req.on('error', fail)
    req.end()
  })
}
