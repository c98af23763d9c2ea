import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cutRelease, releaseNotes } from '../../scripts/changelog.js'
import { release } from '../../scripts/release.js'

const repo = path.resolve(import.meta.dirname, '../..')
const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm'
let work: string
let gitConfig: string

/** Git without the machine's or the user's configuration (hooks, signing), with a fixed identity. */
const env = () => ({
  ...process.env,
  GIT_CONFIG_GLOBAL: gitConfig,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release-test@example.invalid',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release-test@example.invalid'
})
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: env(), encoding: 'utf8' }).trim()

const CHANGELOG = `# Changelog

All notable changes to this project are documented here.

## [Unreleased]

### Fixed

- A fix worth a patch.

## [1.0.0] - 2026-11-30

### Added

- Everything.

[Unreleased]: ../../compare/v1.0.0...HEAD
[1.0.0]: ../../releases/tag/v1.0.0
`

/**
 * A bare "origin" and a clone of it: a tiny project whose build copies src/ to dist/ and whose
 * tests are one command, so the release script's own checks are what is exercised, fast.
 */
function scratchClone(name: string): { clone: string; origin: string } {
  const origin = path.join(work, `${name}-origin.git`)
  const seed = path.join(work, `${name}-seed`)
  const clone = path.join(work, `${name}-clone`)
  git(work, 'init', '--quiet', '--bare', '--initial-branch=main', origin)
  mkdirSync(path.join(seed, 'src'), { recursive: true })
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(seed, file)), { recursive: true })
    writeFileSync(path.join(seed, file), text)
  }
  const pkg = {
    name: 'scratch-action',
    version: '1.0.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'node build.mjs',
      test: 'node -e "process.exit(0)"',
      release: `tsx ${JSON.stringify(path.join(repo, 'scripts/release.ts'))}`
    }
  }
  write('package.json', `${JSON.stringify(pkg, null, 2)}\n`)
  write(
    'package-lock.json',
    `${JSON.stringify({ name: pkg.name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: pkg.name, version: '1.0.0' } } }, null, 2)}\n`
  )
  write('build.mjs', "import { cpSync } from 'node:fs'\ncpSync('src/index.js', 'dist/index.js')\n")
  write('src/index.js', "console.log('v1')\n")
  write('dist/index.js', "console.log('v1')\n")
  write('CHANGELOG.md', CHANGELOG)
  write('.gitignore', 'node_modules\n')
  git(seed, 'init', '--quiet', '--initial-branch=main')
  git(seed, 'add', '-A')
  git(seed, 'commit', '--quiet', '-m', 'Initial')
  git(seed, 'tag', '--annotate', 'v1.0.0', '-m', 'Release v1.0.0')
  git(seed, 'push', '--quiet', '--follow-tags', origin, 'main')
  git(work, 'clone', '--quiet', origin, clone)
  // The clone runs this repository's tsx; nothing is installed into it or changed here.
  symlinkSync(path.join(repo, 'node_modules'), path.join(clone, 'node_modules'), 'junction')
  return { clone, origin }
}

function runRelease(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'scripts/release.ts'), ...args], {
    cwd,
    env: env(),
    encoding: 'utf8'
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'release-test-'))
  gitConfig = path.join(work, 'gitconfig')
  writeFileSync(gitConfig, '')
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('npm run release', () => {
  it('commits and tags v1.0.1 in a scratch clone and pushes nothing', () => {
    const { clone, origin } = scratchClone('happy')
    const originBefore = git(origin, 'for-each-ref', '--format=%(refname) %(objectname)')

    const result = spawnSync(npmCommand, ['run', 'release', '--', '1.0.1'], {
      cwd: clone,
      env: env(),
      encoding: 'utf8',
      shell: process.platform === 'win32'
    })
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0)
    expect(result.stdout).toContain('Nothing was pushed')

    expect(git(clone, 'log', '-1', '--format=%s')).toBe('Release v1.0.1')
    expect(git(clone, 'cat-file', '-t', 'v1.0.1')).toBe('tag') // annotated
    expect(git(clone, 'rev-parse', 'v1.0.1^{commit}')).toBe(git(clone, 'rev-parse', 'HEAD'))
    expect(git(clone, 'status', '--porcelain')).toBe('')
    expect(git(clone, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      'CHANGELOG.md',
      'package-lock.json',
      'package.json'
    ])

    expect(JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')).version).toBe('1.0.1')
    const lock = JSON.parse(readFileSync(path.join(clone, 'package-lock.json'), 'utf8'))
    expect([lock.version, lock.packages[''].version]).toEqual(['1.0.1', '1.0.1'])

    const changelog = readFileSync(path.join(clone, 'CHANGELOG.md'), 'utf8')
    const today = new Date().toISOString().slice(0, 10)
    expect(changelog).toContain(
      `## [Unreleased]\n\n## [1.0.1] - ${today}\n\n### Fixed\n\n- A fix worth a patch.\n\n## [1.0.0] - 2026-11-30`
    )
    expect(changelog).toContain(
      '[Unreleased]: ../../compare/v1.0.1...HEAD\n[1.0.1]: ../../compare/v1.0.0...v1.0.1\n[1.0.0]: ../../releases/tag/v1.0.0'
    )

    // The origin has exactly what it had: no new commit, no new tag.
    expect(git(origin, 'for-each-ref', '--format=%(refname) %(objectname)')).toBe(originBefore)
    expect(git(origin, 'tag', '--list')).toBe('v1.0.0')
  })

  it('refuses a version that is not X.Y.Z or not above the current one', () => {
    const { clone } = scratchClone('versions')
    // Through the command, as a user runs it: exit 1 and the reason.
    const result = runRelease(clone, '1.0')
    expect(result.status).toBe(1)
    expect(result.output).toMatch(/release refused: "1\.0" is not a version X\.Y\.Z/)
    // The other reasons from the same function the command calls, in this process.
    for (const [version, reason] of [
      ['v1.0.1', /not a version X\.Y\.Z/],
      ['1.0.0', /not above the current version 1\.0\.0/],
      ['0.9.9', /not above/]
    ] as const) {
      expect(() => release(clone, version, { log: () => {} }), version).toThrow(reason)
    }
  })

  it('refuses a dirty tree, another branch, a stale dist/ and failing tests, and changes nothing', () => {
    const { clone } = scratchClone('refusals')
    const head = git(clone, 'rev-parse', 'HEAD')

    // Refused before any build: in this process, from the function the command calls.
    const inProcess = () => release(clone, '1.0.1', { log: () => {} })
    writeFileSync(path.join(clone, 'notes.txt'), 'work in progress\n')
    expect(inProcess).toThrow(/work tree is not clean[\s\S]*notes\.txt/)
    rmSync(path.join(clone, 'notes.txt'))

    git(clone, 'switch', '--quiet', '-c', 'feature')
    expect(inProcess).toThrow(/cut on main, and this is feature/)
    git(clone, 'switch', '--quiet', 'main')

    // These run npm run build (and npm test) in the clone, then refuse.
    writeFileSync(path.join(clone, 'src/index.js'), "console.log('v2')\n")
    git(clone, 'commit', '--quiet', '-am', 'Change src without rebuilding')
    expect(inProcess).toThrow(/dist\/ is not what the sources build to/)
    git(clone, 'reset', '--quiet', '--hard', head)

    const pkg = path.join(clone, 'package.json')
    writeFileSync(pkg, readFileSync(pkg, 'utf8').replace('process.exit(0)', 'process.exit(3)'))
    git(clone, 'commit', '--quiet', '-am', 'Tests that fail')
    const failing = git(clone, 'rev-parse', 'HEAD')
    expect(inProcess).toThrow(/the tests fail/)
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(failing)
    expect(git(clone, 'status', '--porcelain')).toBe('')
    expect(git(clone, 'tag', '--list')).toBe('v1.0.0')
    expect(JSON.parse(readFileSync(pkg, 'utf8')).version).toBe('1.0.0')
  })
})

describe('the changelog', () => {
  it('refuses to cut a release with nothing under Unreleased', () => {
    const empty = CHANGELOG.replace('### Fixed\n\n- A fix worth a patch.\n\n', '')
    expect(() => cutRelease(empty, '1.0.1', '2026-12-01')).toThrow(/nothing under/)
  })

  it("gives a version's section as the release notes", () => {
    const cut = cutRelease(CHANGELOG, '1.0.1', '2026-12-01')
    expect(releaseNotes(cut, '1.0.1')).toBe('### Fixed\n\n- A fix worth a patch.')
    expect(releaseNotes(cut, '1.0.0')).toBe('### Added\n\n- Everything.')
    expect(releaseNotes(cut, 'Unreleased')).toBe('')
    expect(releaseNotes(cut, '9.9.9')).toBeUndefined()
  })
})
