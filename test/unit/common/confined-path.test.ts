import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkWritablePath,
  isInside,
  readConfinedFile,
  realPathOfNearest,
  root,
  workspaceRoot,
  type Root
} from '../../../src/common/confined-path.js'
import { inputError } from '../fixtures/inputs.js'

let base: string
let repo: string
let roots: Root[]
const onWindows = process.platform === 'win32'
const asRoot = process.getuid?.() === 0

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'confined-path-')))
  repo = join(base, 'repo')
  mkdirSync(join(repo, 'sub'), { recursive: true })
  mkdirSync(join(base, 'outside'))
  writeFileSync(join(repo, 'sub', 'a.kql'), 'Heartbeat')
  writeFileSync(join(repo, 'file.txt'), 'text')
  writeFileSync(join(base, 'outside', 'secret'), 'secret')
  symlinkSync(join(base, 'outside'), join(repo, 'out-link'))
  symlinkSync(join(base, 'outside', 'secret'), join(repo, 'secret-link'))
  symlinkSync(join(repo, 'sub', 'a.kql'), join(repo, 'inner-link'))
  symlinkSync(repo, join(base, 'repo-link'))
  roots = [workspaceRoot(repo)]
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('isInside', () => {
  it.each([
    ['/repo', '/repo', true],
    ['/repo/a/b', '/repo', true],
    ['/repo/..a', '/repo', true],
    ['/repo-other/a', '/repo', false],
    ['/repo/../etc', '/repo', false],
    ['/', '/repo', false],
    ['/etc/passwd', '/repo', false]
  ])('on POSIX, %s in %s: %s', (path, folder, inside) => {
    expect(isInside(path, folder, 'linux')).toBe(inside)
  })

  it.each([
    ['C:\\a\\repo\\x.kql', 'C:\\a\\repo', true],
    ['c:\\A\\REPO\\x.kql', 'C:\\a\\repo', true],
    ['C:\\a\\repo2\\x.kql', 'C:\\a\\repo', false],
    ['D:\\a\\repo\\x.kql', 'C:\\a\\repo', false],
    ['\\\\server\\share\\x', 'C:\\a\\repo', false],
    ['C:\\a\\x.kql', 'C:\\a\\repo', false]
  ])('on Windows, %s in %s: %s', (path, folder, inside) => {
    expect(isInside(path, folder, 'win32')).toBe(inside)
  })
})

describe('realPathOfNearest', () => {
  it('follows links in the existing part and keeps the missing part', () => {
    expect(realPathOfNearest(join(repo, 'out-link', 'new', 'r.json'))).toEqual({
      real: join(base, 'outside', 'new', 'r.json'),
      existing: join(base, 'outside'),
      missing: ['new', 'r.json']
    })
  })

  it('stops at a regular file in the way', () => {
    expect(realPathOfNearest(join(repo, 'file.txt', 'r.json')).existing).toBe(join(repo, 'file.txt'))
  })

  it('takes a root that is itself a link at its real path', () => {
    expect(root(join(base, 'repo-link'), 'the workspace').real).toBe(repo)
  })
})

describe('readConfinedFile', () => {
  const read = (path: string, within = roots) => readConfinedFile('query-file', path, within, 'hint.')

  it('reads a file, or a link to a file, inside', () => {
    expect(read(join(repo, 'sub', 'a.kql')).toString()).toBe('Heartbeat')
    expect(read(join(repo, 'inner-link')).toString()).toBe('Heartbeat')
  })

  it('reads through a root that is a link', () => {
    expect(read(join(base, 'repo-link', 'sub', 'a.kql'), [workspaceRoot(join(base, 'repo-link'))]).toString()).toBe(
      'Heartbeat'
    )
  })

  it.each([
    [
      'an absolute path outside',
      () => join(base, 'outside', 'secret'),
      /secret is outside the workspace \(GITHUB_WORKSPACE\); hint\.$/
    ],
    ['a ../ escape', () => join(repo, '..', 'outside', 'secret'), /is outside the workspace/],
    [
      'a link to a file outside',
      () => join(repo, 'secret-link'),
      /secret-link leads to .*secret, which is outside the workspace/
    ],
    [
      'a path through a linked folder',
      () => join(repo, 'out-link', 'secret'),
      /leads to .*outside[\\/]secret, which is outside/
    ],
    ['a missing file', () => join(repo, 'missing.kql'), /missing\.kql does not exist; hint\.$/],
    ['a folder', () => join(repo, 'sub'), /sub is a folder; hint\.$/]
  ])('refuses %s', (_, path, says) => {
    expect(inputError(() => read(path())).message).toMatch(says)
  })

  it.skipIf(onWindows)('refuses /proc/self/environ and a device, from their metadata', () => {
    expect(inputError(() => read('/dev/zero', [workspaceRoot('/')])).message).toMatch(
      /\/dev\/zero is a system file, not a regular file; hint\.$/
    )
    expect(inputError(() => read('/proc/self/environ', [workspaceRoot('/')])).message).toMatch(
      /\/proc\/self\/environ is a system file, not a regular file; hint\.$/
    )
  })

  it.skipIf(onWindows)('refuses a FIFO without opening it', () => {
    const fifo = join(repo, 'pipe.kql')
    execFileSync('mkfifo', [fifo])
    expect(inputError(() => read(fifo)).message).toMatch(
      /pipe\.kql is a named pipe \(FIFO\), not a regular file; hint\./
    )
  })

  it('refuses a file over 1 MiB, and takes one of exactly 1 MiB', () => {
    writeFileSync(join(repo, 'big.kql'), Buffer.alloc(1024 * 1024 + 1, 'x'))
    expect(inputError(() => read(join(repo, 'big.kql'))).message).toMatch(
      /big\.kql is 1,048,577 bytes, over the limit of 1 MiB \(1,048,576 bytes\); give a smaller file\.$/
    )
    writeFileSync(join(repo, 'big.kql'), Buffer.alloc(1024 * 1024, 'x'))
    expect(read(join(repo, 'big.kql'))).toHaveLength(1024 * 1024)
  })
})

describe('checkWritablePath', () => {
  const both = () => [workspaceRoot(repo), root(join(base, 'temp'), 'RUNNER_TEMP')]
  const check = (path: string) => checkWritablePath('output-file', path, both(), 'hint.')

  it('gives the real path of a file in missing folders inside a root', () => {
    expect(check(join(repo, 'reports', '2026', 'r.json'))).toBe(join(repo, 'reports', '2026', 'r.json'))
    expect(check(join(base, 'temp', 'r.json'))).toBe(join(base, 'temp', 'r.json'))
  })

  it.each([
    [
      'an absolute path outside',
      () => join(base, 'outside', 'r.json'),
      /r\.json is outside the workspace \(GITHUB_WORKSPACE\) and RUNNER_TEMP; hint\.$/
    ],
    ['a ../ escape', () => join(repo, '..', 'r.json'), /is outside the workspace/],
    [
      'a linked folder that leads outside',
      () => join(repo, 'out-link', 'new', 'r.json'),
      /leads to .*outside[\\/]new[\\/]r\.json, which is outside/
    ],
    [
      'an existing link to a file outside',
      () => join(repo, 'secret-link'),
      /secret-link leads to .*secret, which is outside/
    ],
    [
      'a regular file as a folder',
      () => join(repo, 'file.txt', 'sub', 'r.json'),
      /cannot be created: .*file\.txt is a file, not a folder; remove that file or choose another path\.$/
    ]
  ])('refuses %s', (_, path, says) => {
    expect(inputError(() => check(path())).message).toMatch(says)
  })

  it.skipIf(asRoot || onWindows)('refuses a folder the job cannot write to', () => {
    const locked = join(repo, 'locked')
    mkdirSync(locked)
    chmodSync(locked, 0o555)
    try {
      expect(inputError(() => check(join(locked, 'new', 'r.json'))).message).toMatch(
        /cannot be written: the folder .*locked is not writable; choose a folder the job can write to\.$/
      )
    } finally {
      chmodSync(locked, 0o755)
    }
  })
})
