import { readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { bundle, COMMITTED_BUNDLE, runAction } from './harness.js'

/**
 * The other end-to-end tests run a bundle of the current sources (test/setup/bundle.ts).
 * The committed dist/ is what the runner runs: that it is exactly a fresh ncc
 * build of src/ is checked by `.ci/run` and the check-dist job (`diff -r`
 * against a fresh build); here, that it is whole and that it runs.
 */

const root = resolve(import.meta.dirname, '../..')

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

describe('the committed bundle', () => {
  const committed = readFileSync(join(root, 'dist/index.js'), 'utf8')

  it('is an ES module with every dependency inside', () => {
    expect(JSON.parse(readFileSync(join(root, 'dist/package.json'), 'utf8'))).toEqual({ type: 'module' })
    expect(committed).not.toContain('webpackMissingModule')
    expect(committed).not.toContain('source-map-support')
  })

  it('holds the stand-in for undici, not undici (src/http/undici-stand-in.ts)', () => {
    expect(committed).toContain('CONCATENATED MODULE: ./src/http/undici-stand-in.ts')
    expect(committed).not.toMatch(/node_modules\/undici\//)
    expect(readFileSync(join(root, 'dist/licenses.txt'), 'utf8')).not.toMatch(/^undici$/m)
  })

  it('runs a query and gates on it, as the runner runs it', async () => {
    expect(COMMITTED_BUNDLE).not.toBe(await bundle())
    const run = await runAction(
      emulator,
      { query: 'AppExceptions', timespan: '1h', 'max-count': '10' },
      { bundle: COMMITTED_BUNDLE }
    )
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(run.outputs).toMatchObject({ count: '7', 'records-written': '7', verdict: 'pass' })
    expect(JSON.parse(readFileSync(run.outputs['records-file'], 'utf8'))).toHaveLength(7)
  })
})

describe('the bundle the tests run', () => {
  it('holds every dependency: it imports and requires only Node built-in modules', async () => {
    const fresh = readFileSync(await bundle(), 'utf8')
    const imported = [...fresh.matchAll(/^import [^;]*? from ["']([^"']+)["']/gm)].map(match => match[1])
    const required = [...fresh.matchAll(/\b__require\(["']([^"']+)["']\)/g)].map(match => match[1])
    expect(imported.length).toBeGreaterThan(0)
    expect(required.length).toBeGreaterThan(0)
    expect([...new Set([...imported, ...required])].filter(name => !isBuiltin(name))).toEqual([])
  })

  it('holds the stand-in for undici, as the committed one does', async () => {
    const fresh = readFileSync(await bundle(), 'utf8')
    expect(fresh).toContain('src/http/undici-stand-in.ts')
    expect(fresh).not.toMatch(/node_modules\/undici\//)
  })
})
