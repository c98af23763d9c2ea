/**
 * `npm run screenshot`: the job summary of the demo's runs as a reader sees it
 * on GitHub — the Markdown turned into HTML (marked, GitHub's Markdown CSS),
 * the charts drawn by Mermaid — photographed by headless Chromium into
 * docs/summary.png. Needs Debian's chromium (`apt-get install chromium`);
 * the rest comes from node_modules, loaded from files: nothing leaves the machine.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { marked } from 'marked'
import { startEmulator } from '../test/emulator/emulator.js'
import { runScenario, SCENARIOS } from './demo-scenarios.js'

const root = resolve(import.meta.dirname, '..')
const output = join(root, 'docs', 'summary.png')
const WIDTH = 1200

const chromium = ['chromium', 'chromium-browser'].find(name => {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})
if (!chromium) {
  console.error('Chromium is not installed: apt-get install -y chromium fonts-noto-color-emoji')
  process.exit(1)
}

const steps: { title: string; summary: string }[] = []
const emulator = await startEmulator()
try {
  for (const scenario of SCENARIOS.filter(candidate => candidate.screenshot)) {
    const run = await runScenario(emulator, scenario)
    steps.push({ title: scenario.title, summary: run.summary })
  }
} finally {
  await emulator.close()
}

const folder = mkdtempSync(join(tmpdir(), 'laq-screenshot-'))
try {
  const page = join(folder, 'summary.html')
  writeFileSync(page, html(steps))
  // First learn how tall the page is once Mermaid has drawn, then photograph all of it.
  const dom = chrome(folder, ['--dump-dom', pathToFileURL(page).href])
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1])
  if (!height) throw new Error('the page did not finish drawing its charts')
  mkdirSync(join(root, 'docs'), { recursive: true })
  chrome(folder, [`--screenshot=${output}`, `--window-size=${WIDTH},${height}`, pathToFileURL(page).href])
  console.log(`${output} (${WIDTH}×${height})`)
} finally {
  rmSync(folder, { recursive: true, force: true })
}

/** Runs headless Chromium on local files only: no network, a throwaway profile. */
function chrome(folder: string, args: string[]): string {
  return execFileSync(
    chromium as string,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      '--allow-file-access-from-files',
      '--hide-scrollbars',
      '--virtual-time-budget=20000',
      `--user-data-dir=${join(folder, 'profile')}`,
      `--window-size=${WIDTH},1000`,
      ...args
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }
  )
}

/** The page: each step's summary in a box, as GitHub lists them under a run. */
function html(steps: { title: string; summary: string }[]): string {
  const file = (path: string) => pathToFileURL(join(root, 'node_modules', path)).href
  marked.use({
    renderer: {
      code(token) {
        return token.lang === 'mermaid' ? `<pre class="mermaid">${escapeHtml(token.text)}</pre>` : false
      }
    }
  })
  const boxes = steps
    .map(
      step =>
        `<section class="step"><h2 class="step-title">${escapeHtml(step.title)}</h2><article class="markdown-body">${marked.parse(step.summary, { async: false })}</article></section>`
    )
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Job summary</title>
<link rel="stylesheet" href="${file('github-markdown-css/github-markdown-light.css')}">
<style>
  body { margin: 0; padding: 24px; background: #f6f8fa; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  .step { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin: 0 auto 24px; max-width: 1100px; }
  .step-title { margin: 0; padding: 12px 16px; font-size: 14px; font-weight: 600; color: #59636e; border-bottom: 1px solid #d1d9e0; }
  .markdown-body { padding: 16px 32px 24px; }
  pre.mermaid { background: #fff; text-align: center; }
</style>
<script src="${file('mermaid/dist/mermaid.min.js')}"></script>
</head>
<body>
${boxes}
<script>
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' })
  mermaid.run({ querySelector: 'pre.mermaid' }).then(() => {
    document.body.setAttribute('data-height', String(Math.ceil(document.documentElement.scrollHeight)))
  })
</script>
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
