import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = resolve(import.meta.dirname, '../..')
const actionYml = readFileSync(join(root, 'action.yml'), 'utf8')
const readme = readFileSync(join(root, 'README.md'), 'utf8')

/** action.yml as the runner reads it: YAML, parsed strictly. */
const metadata = parse(actionYml, { strict: true, uniqueKeys: true }) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

/** The names of a top-level section of action.yml. */
function section(name: 'inputs' | 'outputs'): string[] {
  return Object.keys(metadata[name])
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : []
  )
}

const source = sourceFiles(join(root, 'src'))
  .map(file => readFileSync(file, 'utf8'))
  .join('\n')

describe('action.yml', () => {
  it('runs on node24 from the committed bundle', () => {
    expect(metadata.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' })
  })

  it('is valid YAML in which every input and output has a description of one string', () => {
    for (const entry of [...Object.values(metadata.inputs), ...Object.values(metadata.outputs)]) {
      expect(typeof entry.description).toBe('string')
      expect(entry.description.length).toBeGreaterThan(10)
    }
  })

  it('declares exactly the inputs the code reads', () => {
    const declared = section('inputs').sort()
    const read = [
      ...source.matchAll(
        /\bread[A-Za-z]*(?:<[^>]*>)?\(\s*read,\s*'([a-z0-9-]+)'|\bread\('([a-z0-9-]+)'\)|required\(read, '([a-z0-9-]+)'/g
      )
    ].map(match => match[1] ?? match[2] ?? match[3])
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
