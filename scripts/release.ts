/**
 * `npm run release -- <X.Y.Z>`: cut a release on this machine. It pushes nothing.
 *
 * Refuses unless: the version is X.Y.Z and above package.json's, the work tree is clean, the
 * branch is main, tag vX.Y.Z does not exist yet, CHANGELOG.md says something under
 * "## [Unreleased]", dist/ is what `npm run build` makes of the sources, and `npm test` passes.
 * Then: bumps the version in package.json and package-lock.json, moves the Unreleased notes
 * under "## [X.Y.Z] - <today>", commits "Release vX.Y.Z" and makes the annotated tag vX.Y.Z.
 * Pushing the tag (`git push origin main vX.Y.Z`) is left to you; the release workflow does the rest.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { cutRelease } from './changelog.js'

class Refusal extends Error {}

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map(v => v.split('.').map(Number))
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i]
  return 0
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

function npm(cwd: string, ...args: string[]): boolean {
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd,
    stdio: 'inherit',
    shell: process.platform === 'win32'
  })
  return result.status === 0
}

/** Sets the version in package.json text without reformatting the rest of the file. */
function bumpPackageJson(text: string, version: string): string {
  const out = text.replace(/^(\s*"version"\s*:\s*")[^"]*(")/m, `$1${version}$2`)
  if (out === text && !text.includes(`"version": "${version}"`)) throw new Error('package.json has no "version" field')
  return out
}

/** package-lock.json: the top-level version and the root package's. */
function bumpLock(text: string, version: string): string {
  const lock = JSON.parse(text) as { version?: string; packages?: Record<string, { version?: string }> }
  lock.version = version
  if (lock.packages?.['']) lock.packages[''].version = version
  return `${JSON.stringify(lock, null, 2)}\n`
}

export function release(
  cwd: string,
  version: string,
  options: { date?: string; log?: (line: string) => void } = {}
): void {
  const log = options.log ?? ((line: string) => console.log(line))
  const date = options.date ?? new Date().toISOString().slice(0, 10)
  const read = (file: string) => readFileSync(path.join(cwd, file), 'utf8')

  if (!VERSION.test(version)) throw new Refusal(`"${version}" is not a version X.Y.Z (such as 1.2.3, without a "v")`)
  const current = (JSON.parse(read('package.json')) as { version: string }).version
  if (!VERSION.test(current) || compareVersions(version, current) <= 0)
    throw new Refusal(`${version} is not above the current version ${current} (package.json)`)

  const branch = git(cwd, 'rev-parse', '--abbrev-ref', 'HEAD')
  if (branch !== 'main') throw new Refusal(`releases are cut on main, and this is ${branch}`)
  const dirty = git(cwd, 'status', '--porcelain', '--untracked-files=all')
  if (dirty !== '') throw new Refusal(`the work tree is not clean:\n${dirty}`)
  if (git(cwd, 'tag', '--list', `v${version}`) !== '') throw new Refusal(`tag v${version} already exists`)

  const changelog = cutRelease(read('CHANGELOG.md'), version, date) // refuses an empty Unreleased

  log('Building dist/ afresh (npm run build) to compare it with the committed one…')
  if (!npm(cwd, 'run', 'build')) throw new Refusal('npm run build failed')
  const stale = git(cwd, 'status', '--porcelain', '--untracked-files=all', '--', 'dist')
  if (stale !== '')
    throw new Refusal(
      `dist/ is not what the sources build to; the fresh build is now in dist/: review and commit it, then try again.\n${stale}`
    )

  log('Running the tests (npm test)…')
  if (!npm(cwd, 'test')) throw new Refusal('the tests fail')

  writeFileSync(path.join(cwd, 'package.json'), bumpPackageJson(read('package.json'), version))
  const files = ['package.json', 'CHANGELOG.md']
  if (existsSync(path.join(cwd, 'package-lock.json'))) {
    writeFileSync(path.join(cwd, 'package-lock.json'), bumpLock(read('package-lock.json'), version))
    files.push('package-lock.json')
  }
  writeFileSync(path.join(cwd, 'CHANGELOG.md'), changelog)
  git(cwd, 'add', '--', ...files)
  git(cwd, 'commit', '--quiet', '-m', `Release v${version}`)
  git(cwd, 'tag', '--annotate', `v${version}`, '-m', `Release v${version}`)

  const major = `v${version.split('.')[0]}`
  log(`\nCommitted "Release v${version}" and tagged v${version}. Nothing was pushed.`)
  log(`To publish: git push origin main v${version}`)
  log(`The release workflow then checks the tag, creates the GitHub release and moves ${major} to it.`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [version, ...rest] = process.argv.slice(2)
  if (!version || rest.length > 0) {
    console.error('usage: npm run release -- <X.Y.Z>')
    process.exit(2)
  }
  try {
    release(process.cwd(), version.trim())
  } catch (error) {
    const message = error instanceof Refusal ? error.message : `${(error as Error).message}`
    console.error(`release refused: ${message}`)
    process.exit(1)
  }
}
