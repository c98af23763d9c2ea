import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { satisfies } from '../../../src/auth/semver-stand-in.js'
import { ROOT, tsconfigPaths } from '../../setup/tsconfig-paths.js'

/** The real semver (still installed: jsonwebtoken depends on it), to compare the stand-in with. */
const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean }

/** Every `semver.x(...)` jsonwebtoken makes, from its sources. */
function jsonwebtokenCalls(): { call: string; range: string }[] {
  const lib = join(ROOT, 'node_modules/jsonwebtoken/lib')
  return readdirSync(lib)
    .filter(name => name.endsWith('.js'))
    .flatMap(name => [...readFileSync(join(lib, name), 'utf8').matchAll(/semver\.(\w+)\(([^)]*)\)/g)])
    .map(match => ({ call: match[1], range: /'([^']*)'/.exec(match[2])?.[1] ?? match[2] }))
}

describe('the stand-in for semver', () => {
  it('is what tsconfig.json maps semver to, for ncc and the test bundle', () => {
    expect(tsconfigPaths().semver).toEqual(['./src/auth/semver-stand-in.ts'])
  })

  it('is asked only satisfies(process.version, range) by jsonwebtoken (its only importer: test/e2e/bundle.test.ts)', () => {
    const calls = jsonwebtokenCalls()
    expect(calls.map(call => call.call)).toEqual(['satisfies', 'satisfies', 'satisfies'])
    for (const { range } of calls) expect(satisfies(process.version, range), range).toBe(true)
  })

  it('answers as semver does, for the ranges jsonwebtoken asks and versions around them', () => {
    const ranges = [...jsonwebtokenCalls().map(call => call.range), '>=1.0.0', '^2.3.4 || ^4.0.0 || >=20.1.0']
    const versions = [
      'v6.11.9',
      'v6.12.0',
      'v6.99.0',
      'v7.0.0',
      'v8.0.0',
      'v15.6.9',
      'v15.7.0',
      'v16.8.99',
      'v16.9.0',
      'v20.20.2',
      'v24.11.1',
      '24.0.0',
      'v2.3.3',
      'v2.3.4',
      'v3.0.0',
      'v4.5.6',
      'v20.0.9',
      'v25.0.0-nightly20261201',
      'v24.1.0+build.5'
    ]
    for (const range of ranges)
      for (const version of versions)
        expect(satisfies(version, range), `${version} in ${range}`).toBe(semver.satisfies(version, range))
  })

  it('refuses a range or a version it cannot read, naming it, rather than guess', () => {
    for (const range of ['~1.2.3', '>1.0.0', '1.x', '^0.2.0', '>=1.2', '*', ''])
      expect(() => satisfies('v20.0.0', range), range).toThrow(`the semver stand-in cannot read the range "${range}"`)
    expect(() => satisfies('twenty', '>=1.0.0')).toThrow('the semver stand-in cannot read the version "twenty"')
  })
})
