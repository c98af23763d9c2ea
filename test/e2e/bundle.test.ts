import { readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, join, resolve } from 'node:path'
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

  it('holds the stand-ins for undici and semver, not the packages (tsconfig.json paths)', () => {
    expect(committed).toContain('CONCATENATED MODULE: ./src/http/undici-stand-in.ts')
    expect(committed).toContain('the semver stand-in cannot read the range')
    const licenses = readFileSync(join(root, 'dist/licenses.txt'), 'utf8')
    for (const name of ['undici', 'semver']) {
      expect(committed).not.toMatch(new RegExp(`node_modules/${name}/`))
      expect(licenses).not.toMatch(new RegExp(`^${name}$`, 'm'))
    }
  })

  it('runs a query and gates on it, as the runner runs it, with the CEL side it loads for warn-if', async () => {
    expect(COMMITTED_BUNDLE).not.toBe(await bundle())
    const run = await runAction(
      emulator,
      { query: 'AppExceptions', timespan: '1h', 'max-count': '10', 'warn-if': 'count > 5' },
      { bundle: COMMITTED_BUNDLE }
    )
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(run.outputs).toMatchObject({ count: '7', 'records-written': '7', verdict: 'warn', 'matched-rows': '' })
    expect(run.stdout).toMatch(/::warning title=warn-if matched 7 of 7 rows/)
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

  it('holds the stand-ins for undici and semver, as the committed one does, imported only where expected', async () => {
    const fresh = readFileSync(await bundle(), 'utf8')
    expect(fresh).toContain('src/http/undici-stand-in.ts')
    expect(fresh).toContain('src/auth/semver-stand-in.ts')
    expect(fresh).not.toMatch(/node_modules\/(undici|semver)\//)
    // Each stand-in answers only what its importers ask (see their unit tests): no other package may reach it.
    const { inputs } = JSON.parse(readFileSync(join(dirname(await bundle()), 'meta.json'), 'utf8')) as {
      inputs: Record<string, { imports: { path: string }[] }>
    }
    const importersOf = (standIn: string) =>
      Object.entries(inputs)
        .filter(([, input]) => input.imports.some(imported => imported.path === standIn))
        .map(([file]) => file.replace(/^.*node_modules\//, ''))
        .sort()
    expect(importersOf('src/auth/semver-stand-in.ts')).toEqual([
      'jsonwebtoken/lib/asymmetricKeyDetailsSupported.js',
      'jsonwebtoken/lib/psSupported.js',
      'jsonwebtoken/lib/rsaPssKeyDetailsSupported.js'
    ])
    expect(importersOf('src/http/undici-stand-in.ts')).toEqual(['@actions/http-client/lib/index.js'])
  })
})
