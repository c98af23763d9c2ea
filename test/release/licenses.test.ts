import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { checkLicenses, isAllowed, parseNccLicenses } from '../../scripts/check-licenses.js'

const repo = path.resolve(import.meta.dirname, '../..')
const temps: string[] = []
afterAll(() => temps.forEach(dir => rmSync(dir, { recursive: true, force: true })))

/** A project with two installed production dependencies, both bundled into its dist/. */
function fixture(badLicense: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'licence-fixture-'))
  temps.push(root)
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  const pkg = (name: string, license: string) =>
    write(`node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', license }))
  write(
    'package.json',
    JSON.stringify({
      name: 'fixture',
      version: '0.0.0',
      private: true,
      dependencies: { 'fine-lib': '1.0.0', 'planted-lib': '1.0.0' }
    })
  )
  pkg('fine-lib', 'MIT')
  pkg('planted-lib', badLicense)
  write('dist/index.js', '// ./node_modules/fine-lib/index.js\n// ./node_modules/planted-lib/index.js\n')
  write(
    'dist/licenses.txt',
    `fine-lib\nMIT\nPermission is hereby granted…\n\nplanted-lib\n${badLicense}\nSome licence text\n\n`
  )
  return root
}

describe('the licence check of what dist/ bundles', () => {
  it('passes on this repository', async () => {
    const findings = await checkLicenses(repo)
    expect(findings.length).toBeGreaterThan(10)
    expect(findings.filter(finding => !finding.ok)).toEqual([])
    expect(findings.map(finding => finding.name)).toContain('@azure/msal-node')
  })

  it('fails on a planted GPL-3.0 package, naming it on its own line', () => {
    const root = fixture('GPL-3.0')
    let out = ''
    let status = 0
    try {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(repo, 'scripts/check-licenses.ts'), '--root', root],
        {
          cwd: repo,
          encoding: 'utf8',
          stdio: 'pipe'
        }
      )
    } catch (error) {
      const failed = error as { status: number; stderr: string }
      status = failed.status
      out = failed.stderr
    }
    expect(status).toBe(1)
    expect(out).toMatch(/^planted-lib@1\.0\.0: GPL-3\.0 is not on the allow-list$/m)
    expect(out).not.toMatch(/fine-lib/)
  })

  it('passes the same fixture when every licence is allowed', async () => {
    const findings = await checkLicenses(fixture('BlueOak-1.0.0'))
    expect(findings.map(f => [f.name, f.ok])).toEqual([
      ['fine-lib', true],
      ['planted-lib', true]
    ])
  })

  it('fails a bundled package that is not installed', async () => {
    const root = fixture('ISC')
    rmSync(path.join(root, 'node_modules/planted-lib'), { recursive: true })
    const findings = await checkLicenses(root)
    expect(findings.find(f => f.name === 'planted-lib')).toMatchObject({ ok: false })
  })

  it('reads SPDX expressions', () => {
    expect(isAllowed('MIT')).toBe(true)
    expect(isAllowed('(MIT OR GPL-3.0)')).toBe(true)
    expect(isAllowed('MIT AND GPL-3.0')).toBe(false)
    expect(isAllowed('(Apache-2.0 AND (MIT OR LGPL-2.1))')).toBe(true)
    expect(isAllowed('GPL-2.0 WITH Classpath-exception-2.0')).toBe(false)
    expect(isAllowed('MIT*')).toBe(true)
    expect(isAllowed('UNKNOWN')).toBe(false)
    expect(isAllowed('Custom: https://example.invalid')).toBe(false)
    expect(isAllowed('')).toBe(false)
  })

  it("parses ncc's licenses.txt", () => {
    const parsed = parseNccLicenses('a-lib\nMIT\ntext\n\nMore text\n\n@scope/b\nISC\nISC licence\n')
    expect([...parsed]).toEqual([
      ['a-lib', 'MIT'],
      ['@scope/b', 'ISC']
    ])
  })
})
