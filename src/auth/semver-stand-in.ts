/**
 * What the bundle holds in place of `semver` (tsconfig.json `paths`, which ncc and the test bundle follow). Its one
 * user here is jsonwebtoken, with which msal-node signs client assertions: at import it asks three times whether the
 * running Node satisfies a range (`^6.12.0 || >=8.0.0`, `>=15.7.0`, `>=16.9.0`). semver builds about a hundred
 * regular expressions at import for that, ~10 ms of every run's start. This answers ranges of that form — comparators
 * `>=X.Y.Z` and `^X.Y.Z` (X ≥ 1), joined by `||` — and throws on anything else, so that a dependency that starts to
 * ask more of semver fails at once instead of being answered wrongly.
 */

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(-[^+]*)?(?:\+.*)?$/
const COMPARATOR = /^(>=|\^)(\d+)\.(\d+)\.(\d+)$/

type Triple = [number, number, number]

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

function comparator(text: string, range: string): (version: Triple) => boolean {
  const match = COMPARATOR.exec(text.trim())
  if (!match || (match[1] === '^' && Number(match[2]) === 0)) {
    throw new Error(`the semver stand-in cannot read the range "${range}": see src/auth/semver-stand-in.ts`)
  }
  const least: Triple = [Number(match[2]), Number(match[3]), Number(match[4])]
  return match[1] === '>='
    ? version => compare(version, least) >= 0
    : version => compare(version, least) >= 0 && version[0] === least[0]
}

/** Whether `version` (Node's `process.version`, say) is in `range`. */
export function satisfies(version: string, range: string): boolean {
  const tests = range.split('||').map(part => comparator(part, range))
  const match = VERSION.exec(version.trim())
  if (!match) throw new Error(`the semver stand-in cannot read the version "${version}"`)
  // As semver: a prerelease (v25.0.0-nightly…) is in no range of plain versions.
  if (match[4] !== undefined) return false
  const triple: Triple = [Number(match[1]), Number(match[2]), Number(match[3])]
  return tests.some(test => test(triple))
}
