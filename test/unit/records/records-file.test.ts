import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/common/errors.js'
import { RecordsFile } from '../../../src/records/records-file.js'

let base: string
let repo: string
let target: string

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'records-file-')))
  repo = join(base, 'repo')
  mkdirSync(join(repo, 'out'), { recursive: true })
  mkdirSync(join(base, 'outside'))
  target = join(base, 'outside', 'target.txt')
  writeFileSync(target, 'untouched')
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

const bytes = (text: string) => new TextEncoder().encode(text)

describe('RecordsFile', () => {
  it('makes missing folders inside the roots', () => {
    const file = new RecordsFile(join(repo, 'made', 'deep', 'r.json'), [repo])
    file.commit()
    expect(readdirSync(join(repo, 'made', 'deep'))).toEqual(['r.json'])
  })

  it('writes next to the target under a random name, then moves it into place', () => {
    const file = new RecordsFile(join(repo, 'out', 'r.json'), [repo])
    const [temp] = readdirSync(join(repo, 'out'))
    expect(temp).toMatch(/^r\.json\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.partial$/)
    file.write(bytes('[]'))
    file.commit()
    expect(readdirSync(join(repo, 'out'))).toEqual(['r.json'])
    expect(readFileSync(join(repo, 'out', 'r.json'), 'utf8')).toBe('[]')
  })

  it('creates the temporary file exclusively: a link planted at its name is not followed', () => {
    const known = '00000000-0000-4000-8000-000000000000'
    symlinkSync(target, join(repo, 'out', `planted.json.${known}.partial`))
    expect(() => new RecordsFile(join(repo, 'out', 'planted.json'), [repo], () => known)).toThrow(/EEXIST|ELOOP/)
    expect(readFileSync(target, 'utf8')).toBe('untouched')
  })

  it('replaces a link at the destination itself, not the file it leads to', () => {
    symlinkSync(target, join(repo, 'out', 'linked.json'))
    const file = new RecordsFile(join(repo, 'out', 'linked.json'), [repo])
    file.write(bytes('{}'))
    file.commit()
    expect(readFileSync(target, 'utf8')).toBe('untouched')
    expect(readFileSync(join(repo, 'out', 'linked.json'), 'utf8')).toBe('{}')
  })

  it('refuses a folder that leads outside the roots, and makes no folder there', () => {
    symlinkSync(join(base, 'outside'), join(repo, 'away'))
    expect(() => new RecordsFile(join(repo, 'away', 'r.json'), [repo])).toThrow(ActionError)
    expect(() => new RecordsFile(join(repo, 'away', 'new', 'r.json'), [repo])).toThrow(
      /leads to .*outside[\\/]new, outside the workspace and RUNNER_TEMP/
    )
    expect(readdirSync(join(base, 'outside'))).toEqual(['target.txt'])
  })

  it('writes nothing when the folder is swapped for a link during the run', () => {
    mkdirSync(join(repo, 'swapped'))
    const file = new RecordsFile(join(repo, 'swapped', 'r.json'), [repo])
    file.write(bytes('[]'))
    renameSync(join(repo, 'swapped'), join(repo, 'moved'))
    symlinkSync(join(base, 'outside'), join(repo, 'swapped'))
    expect(() => file.commit()).toThrow(
      /folder of output-file .*swapped[\\/]r\.json (changed during the run|leads to .*outside)/
    )
    file.discard()
    expect(readdirSync(join(base, 'outside'))).toEqual(['target.txt'])
  })
})
