import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type LoggedRequest } from '../emulator/emulator.js'
import { BIG_LONG } from '../emulator/tables.js'
import { runAction, type ActionRun } from './harness.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

/** Runs the action and returns the query texts the emulator received during the run. */
async function run(inputs: Record<string, string>): Promise<ActionRun & { queries: string[] }> {
  const from = emulator.requests.length
  const result = await runAction(emulator, inputs)
  const queries = emulator.requests
    .slice(from)
    .filter((request: LoggedRequest) => request.path.endsWith('/query'))
    .map(request => (JSON.parse(request.body) as { query: string }).query)
  return { ...result, queries }
}

describe('parameters', () => {
  it('puts each type in front of the query as a let statement the service reads back exactly', async () => {
    const parameters = [
      'release = v1.2.3',
      `big:long = ${BIG_LONG}`,
      'small:int = -7',
      'ratio:real = .5',
      'money:decimal = 79228162514264337593543950335',
      'enabled:bool = TRUE',
      'deployed:datetime = 2026-11-01T09:30:00.1234567+01:00',
      'window:timespan = 1.5h',
      'build_id:guid = 74BE27DE-1E4E-49D9-B579-FE0B331D3642',
      'tags:dynamic = {"region":"westeurope","n":[1,2]}'
    ].join('\n')
    const names = ['release', 'big', 'small', 'ratio', 'money', 'enabled', 'deployed', 'window', 'build_id', 'tags']
    const query = `print ${names.map(name => `${name} = ${name}`).join(', ')}`
    const result = await run({ query, parameters })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(result.queries).toEqual([
      [
        'let release = "v1.2.3";',
        `let big = long(${BIG_LONG});`,
        'let small = int(-7);',
        'let ratio = real(0.5);',
        'let money = decimal(79228162514264337593543950335);',
        'let enabled = bool(true);',
        'let deployed = datetime(2026-11-01T08:30:00.1234567Z);',
        'let window = timespan(1.5h);',
        'let build_id = guid(74be27de-1e4e-49d9-b579-fe0b331d3642);',
        'let tags = parse_json("\\u007b\\u0022region\\u0022:\\u0022westeurope\\u0022,\\u0022n\\u0022:\\u005b1,2\\u005d\\u007d");',
        query
      ].join('\n')
    ])
    const [record] = JSON.parse(result.outputs.records) as Record<string, unknown>[]
    expect(record).toMatchObject({
      release: 'v1.2.3',
      small: -7,
      ratio: 0.5,
      enabled: true,
      window: '1.5h',
      tags: { region: 'westeurope', n: [1, 2] }
    })
    expect(record.deployed).toBe('2026-11-01T08:30:00.1234567Z')
    expect(result.outputs.records).toContain(`"big":${BIG_LONG},`)
    expect(result.outputs.value).toBe('v1.2.3')
    expect(result.summary).toContain('**Parameters**')
    expect(result.summary).toContain('| <code>deployed</code> | datetime | 2026-11-01T09:30:00.1234567+01:00 |')
    expect(result.summary).toContain(query)
    expect(result.summary).not.toContain('let release')
  })

  it('keeps a hostile value a value: quotes, backslashes, line breaks, ; // and | arrive as text', async () => {
    const hostile = 'x"; AppExceptions | take 1 // \\" \'\n| where 1 == 1;\r\t✓'
    const raw = `a"b\\c;d//e|f'g`
    const result = await run({
      query: 'print hostile = hostile, raw = raw',
      parameters: `hostile = ${JSON.stringify(hostile)}\nraw = ${raw}`
    })
    expect(result.exitCode, result.stdout).toBe(0)
    const [sent] = result.queries
    expect(sent.split('\n')).toEqual([
      'let hostile = "x\\u0022\\u003b AppExceptions \\u007c take 1 \\u002f\\u002f \\u005c\\u0022 \\u0027\\u000a\\u007c where 1 == 1\\u003b\\u000d\\u0009\\u2713";',
      'let raw = "a\\u0022b\\u005cc\\u003bd\\u002f\\u002fe\\u007cf\\u0027g";',
      'print hostile = hostile, raw = raw'
    ])
    expect(JSON.parse(result.outputs.records)).toEqual([{ hostile, raw }])
  })

  it('changes what the query finds, and only through the value', async () => {
    const query = 'AppExceptions | where AppRoleName == role | count'
    const web = await run({ query, parameters: '# the role to count\nrole = web' })
    const api = await run({ query, parameters: 'role = "api"' })
    const injected = await run({ query, parameters: `role = web" or AppRoleName != "` })
    expect([web.outputs.value, api.outputs.value, injected.outputs.value]).toEqual(['3', '8', '0'])
  })

  it('refuses a bad parameter before any request', async () => {
    const result = await run({ query: 'print n = n', parameters: 'n:long = 12abc' })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      `Input 'parameters': line 1 (n): "12abc" is not a whole number: write it like 42 or -7.`
    ])
    expect(result.queries).toEqual([])
  })
})
