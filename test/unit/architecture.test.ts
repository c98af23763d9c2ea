import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The import graph of src/ (ARCHITECTURE.md draws it): imports run down the
 * layers, never up and never sideways between folders of one layer, and there
 * is no circle anywhere, type-only imports included.
 */

const SRC = join(import.meta.dirname, '../../src')

/** Top to bottom. A module may import from its own folder and from any layer below its own. */
export const LAYERS: readonly (readonly string[])[] = [
  ['index.ts'],
  ['main.ts'],
  ['runner'],
  ['inputs'],
  ['summary'],
  ['evaluation', 'search-job'],
  ['logs', 'auth'],
  ['records'],
  ['wire', 'http'],
  ['common'],
  ['settings.ts']
]

/** Each module of src/ (a path relative to src/) and the modules of src/ it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(name => name.endsWith('.ts'))) {
    const text = readFileSync(join(SRC, file), 'utf8')
    // Static imports and re-exports, and `import('…')`: a module loaded on demand, or a type of one.
    const imports = [
      ...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gms),
      ...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)
    ].map(match => normalize(join(dirname(file), match[1])).replace(/\.js$/, '.ts'))
    graph.set(
      file.split('\\').join('/'),
      imports.map(path => path.split('\\').join('/'))
    )
  }
  return graph
}

function folderOf(module: string): string {
  return module.split('/')[0]
}

function layerOf(module: string): number {
  const layer = LAYERS.findIndex(folders => folders.includes(folderOf(module)))
  if (layer === -1) throw new Error(`${module} is in no layer: add its folder to LAYERS and to ARCHITECTURE.md`)
  return layer
}

const graph = importGraph()

describe('the import graph of src/', () => {
  it('is read from every module', () => {
    expect(graph.size).toBeGreaterThan(50)
    expect(graph.get('main.ts')).toContain('inputs/input-helper.ts')
  })

  it('has settings.ts as a leaf: it imports nothing from src/', () => {
    expect(graph.get('settings.ts')).toEqual([])
  })

  it('runs down the layers: no import goes up, or sideways into another folder of the same layer', () => {
    const wrong: string[] = []
    for (const [module, imports] of graph) {
      for (const imported of imports) {
        const up = layerOf(imported) < layerOf(module)
        const sideways = layerOf(imported) === layerOf(module) && folderOf(imported) !== folderOf(module)
        if (up || sideways) wrong.push(`${module} → ${imported}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('has no circle', () => {
    const circles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const path: string[] = []
    const visit = (module: string): void => {
      state.set(module, 'open')
      path.push(module)
      for (const imported of graph.get(module) ?? []) {
        if (state.get(imported) === 'open') circles.push([...path.slice(path.indexOf(imported)), imported].join(' → '))
        else if (!state.has(imported)) visit(imported)
      }
      path.pop()
      state.set(module, 'done')
    }
    for (const module of graph.keys()) if (!state.has(module)) visit(module)
    expect(circles).toEqual([])
  })

  it('has a unit test for every module with logic, in the mirrored folder under the same name, or says where it is proven', () => {
    const untested = [...graph.keys()].filter(module => {
      const logic = /\bexport (async )?function\b|\bexport class\b|\bexport const\b/.test(
        readFileSync(join(SRC, module), 'utf8')
      )
      return logic && !exists(join(UNIT, module.replace(/\.ts$/, '.test.ts'))) && !(module in PROVEN_ELSEWHERE)
    })
    expect(untested).toEqual([])
    const missing = Object.entries(PROVEN_ELSEWHERE).filter(
      ([module, test]) => !graph.has(module) || !exists(join(UNIT, '..', test))
    )
    expect(missing).toEqual([])
  })

  it('names every unit test file after a module of the mirrored folder (`name.test.ts`, or `name-aspect.test.ts` beside it)', () => {
    const tests = readdirSync(UNIT, { recursive: true, encoding: 'utf8' })
      .map(file => file.split('\\').join('/'))
      .filter(file => file.endsWith('.test.ts') && file.includes('/'))
    const orphans = tests.filter(test => {
      const [folder, name] = [
        dirname(test),
        test
          .split('/')
          .at(-1)!
          .replace(/\.test\.ts$/, '')
      ]
      return ![...graph.keys()].some(
        module => dirname(module) === folder && (name === stem(module) || name.startsWith(`${stem(module)}-`))
      )
    })
    expect(orphans).toEqual([])
  })
})

const UNIT = import.meta.dirname

/** Modules whose unit test is another module's, or that only the real bundle can prove: where each is tested. */
const PROVEN_ELSEWHERE: Record<string, string> = {
  'index.ts': 'e2e/query.test.ts',
  'main.ts': 'e2e/query.test.ts',
  'auth/client-certificate.ts': 'e2e/sign-in.test.ts',
  'auth/client-secret.ts': 'e2e/sign-in.test.ts',
  'auth/confidential-client.ts': 'e2e/sign-in.test.ts',
  'auth/github-oidc.ts': 'e2e/sign-in.test.ts',
  'auth/managed-identity.ts': 'e2e/sign-in.test.ts',
  'auth/msal-network-client.ts': 'e2e/faults.test.ts',
  'auth/sign-in.ts': 'e2e/secrets.test.ts',
  'common/cancellation.ts': 'e2e/cancellation.test.ts',
  'common/clock.ts': 'unit/evaluation/loop.test.ts',
  'logs/exact-query.ts': 'e2e/export.test.ts',
  'logs/split-export.ts': 'e2e/export.test.ts',
  'logs/query-client.ts': 'e2e/faults.test.ts',
  'logs/query-result.ts': 'unit/wire/response-parser.test.ts',
  'logs/whole-query.ts': 'e2e/faults.test.ts',
  'records/csv-writer.ts': 'unit/records/create-writer.test.ts',
  'records/json-writer.ts': 'unit/records/create-writer.test.ts',
  'records/output-buffer.ts': 'unit/records/create-writer.test.ts',
  'runner/evaluation-log.ts': 'e2e/watch.test.ts',
  'runner/summary-model.ts': 'e2e/summary.test.ts',
  'runner/verdict.ts': 'e2e/query.test.ts',
  'search-job/arm-client.ts': 'e2e/search-job-failures.test.ts',
  'search-job/job-client.ts': 'e2e/search-job.test.ts',
  'summary/preview-table.ts': 'unit/summary/render.test.ts',
  'summary/samples.ts': 'unit/summary/render-golden.test.ts'
}

function stem(module: string): string {
  return module.split('/').at(-1)!.replace(/\.ts$/, '')
}

function exists(path: string): boolean {
  try {
    readFileSync(path)
    return true
  } catch {
    return false
  }
}
