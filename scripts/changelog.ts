/**
 * CHANGELOG.md (Keep a Changelog) as the release script and the release workflow read it.
 *
 *   node scripts/changelog.ts notes 1.2.3    prints the section of 1.2.3 (the GitHub release's notes)
 *
 * The release workflow runs it with plain Node 24 (type stripping), before and without `npm ci`:
 * keep this file to erasable TypeScript (annotations only) and node: imports.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const heading = /^## \[([^\]]+)\][^\n]*$/gm

/** The sections of a changelog: each `## [name]` heading with the text up to the next one. */
function sections(text: string): Array<{ name: string; start: number; bodyStart: number; end: number }> {
  const found = [...text.matchAll(heading)].map(match => ({
    name: match[1],
    start: match.index,
    bodyStart: match.index + match[0].length
  }))
  const linkDefinitions = text.search(/^\[[^\]]+\]: /m)
  return found.map((section, i) => {
    const end = found[i + 1]?.start ?? (linkDefinitions > section.start ? linkDefinitions : text.length)
    return { ...section, end }
  })
}

/** The text under `## [version]`, trimmed; undefined when there is no such section. */
export function releaseNotes(text: string, version: string): string | undefined {
  const section = sections(text).find(s => s.name === version)
  return section ? text.slice(section.bodyStart, section.end).trim() : undefined
}

/**
 * Moves what is under `## [Unreleased]` to a new `## [version] - date` section, leaves an
 * empty Unreleased above it, and updates the compare links at the bottom.
 */
export function cutRelease(text: string, version: string, date: string): string {
  const all = sections(text)
  const unreleased = all.find(s => s.name.toLowerCase() === 'unreleased')
  if (!unreleased) throw new Error('CHANGELOG.md has no "## [Unreleased]" section')
  if (all.some(s => s.name === version)) throw new Error(`CHANGELOG.md already has a section for ${version}`)
  const body = text.slice(unreleased.bodyStart, unreleased.end).trim()
  if (body === '')
    throw new Error('CHANGELOG.md has nothing under "## [Unreleased]": say what this release changes first')
  const previous = all.find(s => s !== unreleased && /^\d+\.\d+\.\d+$/.test(s.name))?.name

  let out =
    text.slice(0, unreleased.start) +
    `## [Unreleased]\n\n## [${version}] - ${date}\n\n${body}\n\n` +
    text.slice(unreleased.end).replace(/^\n+/, '')

  // [Unreleased]: <base>compare/v1.0.0...HEAD  →  compare/v<version>...HEAD, plus a link for the version.
  const link = /^\[Unreleased\]: (\S*?)compare\/(\S+)\.\.\.HEAD[ \t]*$/im.exec(out)
  if (link) {
    const base = link[1]
    const from = previous ? `v${previous}` : link[2]
    const lines = `[Unreleased]: ${base}compare/v${version}...HEAD\n[${version}]: ${base}compare/${from}...v${version}`
    out = out.slice(0, link.index) + lines + out.slice(link.index + link[0].length)
  }
  return out
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, version, file = 'CHANGELOG.md'] = process.argv.slice(2)
  if (command !== 'notes' || !version) {
    console.error('usage: node scripts/changelog.ts notes <version> [CHANGELOG.md]')
    process.exit(2)
  }
  const notes = releaseNotes(readFileSync(file, 'utf8'), version.replace(/^v/, ''))
  if (notes === undefined || notes === '') {
    console.error(`${file} has no notes for ${version}`)
    process.exit(1)
  }
  console.log(notes)
}
