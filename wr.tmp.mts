import { createExportTable } from './test/emulator/export-tables.ts'
const table = createExportTable({ name: 'T', rows: 1_200_000, spanMs: 3_600_000 })
const PENDING = 16 * 1024
function run(encoding: 'utf8' | 'latin1') {
  let buffer = Buffer.allocUnsafe(300 * 1024); let written = 0; let pending = ''; let pendingBytes = 0; let total = 0
  const flush = () => { written += buffer.write(pending, written, encoding); pending = ''; pendingBytes = 0; if (written > 256 * 1024) { total += written; written = 0 } }
  const sink = { ascii(t: string) { pending += t; pendingBytes += t.length; if (pendingBytes >= PENDING) flush() }, utf8(t: string) { pending += t; pendingBytes += Buffer.byteLength(t); if (pendingBytes >= PENDING) flush() }, bytes() {} }
  const t0 = performance.now(); const c0 = process.cpuUsage()
  for (let i = 0; i < table.rows; i++) { if (i) sink.ascii(','); table.writeRow!(i, sink as any) }
  flush()
  const c = process.cpuUsage(c0)
  console.log(encoding, (performance.now() - t0).toFixed(0), 'ms', ((c.user + c.system) / 1000).toFixed(0), 'cpu ms', total + written, 'bytes')
}
run('utf8'); run('latin1'); run('utf8'); run('latin1')
