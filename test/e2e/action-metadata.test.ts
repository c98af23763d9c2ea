import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const actionYml = readFileSync(join(root, 'action.yml'), 'utf8')
const readme = readFileSync(join(root, 'README.md'), 'utf8')

/** The keys of a top-level section of action.yml (two-space indented names). */
function section(name: string): string[] {
  const body = actionYml.split(new RegExp(`^${name}:\\s*$`, 'm'))[1]?.split(/^\S/m)[0] ?? ''
  return [...body.matchAll(/^ {2}([a-z][a-z0-9-]*):/gm)].map(match => match[1])
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : []
  )
}

const source = sourceFiles(join(root, 'src'))
  .map(file => readFileSync(file, 'utf8'))
  .join('\n')

describe('action.yml', () => {
  it('runs on node24 from the committed bundle', () => {
    expect(actionYml).toMatch(/^ {2}using: node24$/m)
    expect(actionYml).toMatch(/^ {2}main: dist\/index\.js$/m)
  })

  it('declares exactly the inputs the code reads', () => {
    const declared = section('inputs').sort()
    const read = [...source.matchAll(/\bread[A-Za-z]*(?:<[^>]*>)?\(\s*read,\s*'([a-z0-9-]+)'|\bread\('([a-z0-9-]+)'\)|required\(read, '([a-z0-9-]+)'/g)]
      .map(match => match[1] ?? match[2] ?? match[3])
    expect([...new Set(read)].sort()).toEqual(declared)
  })

  it('declares exactly the outputs the code sets', () => {
    const set = [...source.matchAll(/\bsetOutput\('([a-z-]+)'/g)].map(match => match[1])
    expect([...new Set(set)].sort()).toEqual(section('outputs').sort())
  })

  it('has every input and output in the README tables', () => {
    for (const name of [...section('inputs'), ...section('outputs')]) expect(readme).toContain(`| \`${name}\``)
  })

  it('keeps defaults in action.yml and README in step', () => {
    for (const match of actionYml.matchAll(/^ {2}([a-z-]+):\n(?:(?! {2}\S).*\n)*? {4}default: '?([^'\n]*)'?$/gm)) {
      const row = readme.split('\n').find(line => line.startsWith(`| \`${match[1]}\``))
      expect(row, match[1]).toContain(`\`${match[2]}\``)
    }
  })
})
