import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

describe('the committed bundle', () => {
  const bundle = readFileSync(join(root, 'dist/index.js'), 'utf8')

  it('is an ES module with every dependency inside', () => {
    expect(JSON.parse(readFileSync(join(root, 'dist/package.json'), 'utf8'))).toEqual({ type: 'module' })
    expect(bundle).not.toContain('webpackMissingModule')
    expect(bundle).not.toContain('source-map-support')
  })

  it('matches a fresh build of src (run `npm run build` and commit dist/)', () => {
    const out = mkdtempSync(join(tmpdir(), 'laq-dist-'))
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        'src/index.ts',
        '-o',
        out,
        '--license',
        'licenses.txt'
      ],
      {
        cwd: root,
        stdio: 'pipe'
      }
    )
    for (const file of ['index.js', 'licenses.txt', 'package.json']) {
      const fresh = readFileSync(join(out, file), 'utf8')
      expect(readFileSync(join(root, 'dist', file), 'utf8') === fresh, `dist/${file} is stale: run npm run build`).toBe(
        true
      )
    }
  }, 120_000)
})
