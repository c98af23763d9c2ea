/**
 * `npm run licenses`: every package bundled into dist/ must carry a licence on the allow-list.
 *
 * What is bundled: the packages ncc lists in dist/licenses.txt (it writes one entry for each
 * package whose code it put into dist/index.js), and any `node_modules/<package>/` path that
 * dist/index.js names, so a package ncc left out of its list is still seen.
 * What licence each one has: license-checker-rseidelsohn reads it from the installed packages
 * (the `license` field, or the licence file when there is none); the licence ncc wrote next to
 * the package in dist/licenses.txt is checked as well. Both must pass.
 *
 * Usage: tsx scripts/check-licenses.ts [--root <dir>] [--dist <dir>]
 * Exit 0 when every bundled package passes; 1 with one line per offender otherwise.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { init } from 'license-checker-rseidelsohn'

/** SPDX identifiers a bundled package may carry. */
export const ALLOWED = ['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'BlueOak-1.0.0'] as const

export interface Finding {
  name: string
  version: string
  license: string
  ok: boolean
  reason?: string
}

/** Package names in ncc's licenses.txt: each entry is a name line, a licence line, then the licence text. */
export function parseNccLicenses(text: string): Map<string, string> {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  const found = new Map<string, string>()
  const nameLike = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i
  for (let i = 0; i + 1 < lines.length; i++) {
    const name = lines[i]
    const atEntryStart = i === 0 || lines[i - 1] === ''
    if (!atEntryStart || !nameLike.test(name)) continue
    const license = lines[i + 1].trim()
    if (license === '' || (license.includes(' ') && !/\b(OR|AND|WITH)\b/.test(license))) continue
    found.set(name, license)
  }
  return found
}

/** Packages that dist/index.js names by their path in node_modules (webpack's module comments). */
export function packagesNamedInBundle(source: string): Set<string> {
  const names = new Set<string>()
  for (const match of source.matchAll(/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//g)) names.add(match[1])
  return names
}

/**
 * Whether an SPDX expression is allowed: `A OR B` when either is, `A AND B` when both are.
 * license-checker marks a licence it guessed from a licence file with a trailing `*`; a guess
 * counts like the licence it names.
 */
export function isAllowed(expression: string, allowed: readonly string[] = ALLOWED): boolean {
  const tokens = expression.replace(/\*$/, '').match(/\(|\)|[^\s()]+/g) ?? []
  let at = 0
  const set = new Set(allowed.map(id => id.toLowerCase()))
  const orExpr = (): boolean => {
    let value = andExpr()
    while (tokens[at]?.toUpperCase() === 'OR') {
      at++
      value = andExpr() || value
    }
    return value
  }
  const andExpr = (): boolean => {
    let value = atom()
    while (tokens[at]?.toUpperCase() === 'AND') {
      at++
      value = atom() && value
    }
    return value
  }
  const atom = (): boolean => {
    const token = tokens[at++]
    if (token === undefined) return false
    if (token === '(') {
      const value = orExpr()
      return tokens[at++] === ')' && value
    }
    // An exception (`WITH …`) only ever narrows a licence's conditions, but it is not on the list.
    if (tokens[at]?.toUpperCase() === 'WITH') return ((at += 2), false)
    return set.has(token.toLowerCase())
  }
  if (tokens.length === 0) return false
  const value = orExpr()
  return at === tokens.length && value
}

export async function checkLicenses(root: string, dist = path.join(root, 'dist')): Promise<Finding[]> {
  const licensesFile = path.join(dist, 'licenses.txt')
  if (!existsSync(licensesFile))
    throw new Error(`${licensesFile} is missing: build with "ncc build … --license licenses.txt"`)
  const fromNcc = parseNccLicenses(readFileSync(licensesFile, 'utf8'))
  const bundleFile = path.join(dist, 'index.js')
  const named = existsSync(bundleFile) ? packagesNamedInBundle(readFileSync(bundleFile, 'utf8')) : new Set<string>()
  const bundled = new Set([...fromNcc.keys(), ...named])
  if (bundled.size === 0) throw new Error(`${licensesFile} lists no package: nothing to check, which cannot be right`)

  const installed = await new Promise<Record<string, { licenses?: string | string[] }>>((resolve, reject) =>
    init({ start: root, production: true }, (error, packages) => (error ? reject(error) : resolve(packages)))
  )
  const byName = new Map<string, Array<{ version: string; license: string }>>()
  for (const [id, info] of Object.entries(installed)) {
    const at = id.lastIndexOf('@')
    const name = id.slice(0, at)
    const license = Array.isArray(info.licenses) ? info.licenses.join(' AND ') : (info.licenses ?? 'UNKNOWN')
    byName.set(name, [...(byName.get(name) ?? []), { version: id.slice(at + 1), license }])
  }

  const findings: Finding[] = []
  for (const name of [...bundled].sort()) {
    const versions = byName.get(name)
    const nccLicense = fromNcc.get(name)
    if (!versions) {
      findings.push({
        name,
        version: '?',
        license: nccLicense ?? 'UNKNOWN',
        ok: false,
        reason: 'bundled, but not an installed production dependency'
      })
      continue
    }
    for (const { version, license } of versions) {
      if (!isAllowed(license)) findings.push({ name, version, license, ok: false, reason: 'not on the allow-list' })
      else if (nccLicense !== undefined && !isAllowed(nccLicense))
        findings.push({
          name,
          version,
          license: nccLicense,
          ok: false,
          reason: 'not on the allow-list (as dist/licenses.txt gives it)'
        })
      else findings.push({ name, version, license, ok: true })
    }
  }
  return findings
}

async function main(argv: string[]): Promise<number> {
  const option = (flag: string) => {
    const at = argv.indexOf(flag)
    return at >= 0 ? argv[at + 1] : undefined
  }
  const root = path.resolve(option('--root') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'))
  const dist = path.resolve(root, option('--dist') ?? 'dist')
  let findings: Finding[]
  try {
    findings = await checkLicenses(root, dist)
  } catch (error) {
    console.error(`licence check: ${(error as Error).message}`)
    return 1
  }
  const bad = findings.filter(finding => !finding.ok)
  for (const finding of bad)
    console.error(`${finding.name}@${finding.version}: ${finding.license} is ${finding.reason}`)
  if (bad.length > 0) {
    console.error(
      `licence check: ${bad.length} of ${findings.length} bundled packages fail (allowed: ${ALLOWED.join(', ')})`
    )
    return 1
  }
  console.log(
    `licence check: all ${findings.length} bundled packages are under ${[...new Set(findings.map(f => f.license))].sort().join(', ')}`
  )
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
