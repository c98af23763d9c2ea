import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Column } from '../../../src/wire/columns.js'
import { cellRaw, MalformedResponseError, ResponseParser } from '../../../src/wire/response-parser.js'
import { expectSame, expectHolds } from '../fixtures/expect-same.js'
import { random } from '../fixtures/random.js'

const RECORDED = join(import.meta.dirname, '../../contract/recorded')

type Event = ['table', number, string, Column[]] | ['row', string[]] | ['member', string, unknown]

/**
 * A parser whose events are recorded (rows as the raw JSON text of each cell: the cells are valid only during the
 * call).
 */
function recorder(): { parser: ResponseParser; events: Event[] } {
  const events: Event[] = []
  const parser = new ResponseParser({
    table: (index, name, columns) => events.push(['table', index, name, columns.map(column => ({ ...column }))]),
    row: cells => events.push(['row', Array.from({ length: cells.length }, (_, i) => cellRaw(cells, i))]),
    member: (key, value) => events.push(['member', key, value])
  })
  return { parser, events }
}

/** A chunk as the HTTP body gives it: bytes (text is encoded as UTF-8). */
const bytes = (chunk: string | Uint8Array): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)

/** Feeds the chunks (text or bytes), ends the body and returns every event. */
function parse(chunks: readonly (string | Uint8Array)[]): Event[] {
  const { parser, events } = recorder()
  for (const chunk of chunks) parser.write(bytes(chunk))
  parser.end()
  return events
}

/** Every byte of the text's UTF-8 as its own chunk (cutting multi-byte characters apart). */
const byteByByte = (text: string): Buffer[] => Array.from(Buffer.from(text), byte => Buffer.from([byte]))

/** Runs `action` and returns what it threw (undefined when it threw nothing). */
function thrown(action: () => void): unknown {
  try {
    action()
  } catch (error) {
    return error
  }
  return undefined
}

/** The wire body of a recorded response: the file as it is, or re-serialised without its `_` keys. */
function recordedBody(file: string): string {
  const text = readFileSync(join(RECORDED, file), 'utf8')
  const value = JSON.parse(text) as Record<string, unknown>
  const meta = Object.keys(value).filter(key => key.startsWith('_'))
  if (meta.length === 0) return text
  for (const key of meta) delete value[key]
  return JSON.stringify(value, null, 2)
}

interface WireTable {
  name: string
  columns: { name: string; type: string }[]
  rows: unknown[][]
}

/**
 * What the parser must report for a body, worked out with JSON.parse (an independent
 * oracle): good for bodies whose cells JSON.stringify writes exactly as they appear.
 */
function oracle(body: string): Event[] {
  const value = JSON.parse(body) as Record<string, unknown>
  const events: Event[] = []
  for (const [key, member] of Object.entries(value)) {
    if (key !== 'tables') {
      events.push(['member', key, member])
      continue
    }
    ;(member as WireTable[]).forEach((table, index) => {
      events.push([
        'table',
        index,
        table.name,
        table.columns.map(column => ({ name: column.name, type: column.type.toLowerCase() }))
      ])
      for (const row of table.rows) events.push(['row', row.map(cell => JSON.stringify(cell))])
    })
  }
  return events
}

const RECORDED_FILES = [
  'query-200-success-multitype.response.json',
  'query-200-all-types.from-batch.response.json',
  'query-200-partial-error.response.json',
  'query-200-resource-centric-count.response.json',
  'query-200-spec-example-stringly-typed.json',
  'query-200-with-render.response.json',
  'query-200-with-statistics.response.json'
]

function batchBody(): string {
  const batch = JSON.parse(
    readFileSync(join(RECORDED, 'batch-200-all-types-plus-400-syntax.response.json'), 'utf8')
  ) as {
    responses: { body: unknown }[]
  }
  return JSON.stringify(batch.responses[0].body)
}

/** Strings with escaped quotes, backslashes, \u escapes, `]`, `,`, `{` inside; nested values; a long beyond 2^53. */
const TRICKY = String.raw`{"tables":[{"name":"Tricky \"one\"","columns":[{"name":"s","type":"string"},{"name":"d","type":"dynamic"},{"name":"n","type":"long"},{"name":"b","type":"bool"},{"name":"r","type":"real"},{"name":"x","type":"Dynamic"}],"rows":[["say \"hi\" ] , { [ } :","{\"k\":[1,{\"x\":\"]\"}],\"big\":9007199254740993}",9007199254740993,true,-1.5e+10,{"nested":[1,"]",{"deep":"}"}]}],["back\\slash\\","\\\"",null,false,0,[[],{}]],["\u00e9\u0022\u005d\\u","",-9007199254740993,null,1E-7,null]]},{"name":"Empty","columns":[{"name":"c","type":"string"}],"rows":[]}],"statistics":{"query":{"executionTime":0.1,"text":"a \" ] } {"}},"render":{"visualization":"table","nested":[[1],[2]]},"error":{"code":"PartialError","message":"x ] } \" {","details":[{"code":"E","message":"m"}]}}`

/** The same response, laid out with spaces, tabs, LF and CRLF between every token. */
const TRICKY_PRETTY = String.raw`{
	"tables" : [
		{
			"name" : "Tricky \"one\"" ,
			"columns" : [ { "name" : "s" , "type" : "string" } , { "name" : "d", "type": "dynamic" },
				{"name":"n","type":"long"}, {"name":"b","type":"bool"}, {"name":"r","type":"real"}, {"name":"x","type":"Dynamic"} ] ,
			"rows" : [
				[ "say \"hi\" ] , { [ } :" , "{\"k\":[1,{\"x\":\"]\"}],\"big\":9007199254740993}" , 9007199254740993 , true , -1.5e+10 , {"nested":[1,"]",{"deep":"}"}]} ] ,
				[
					"back\\slash\\",
					"\\\"",
					null,
					false,
					0,
					[ [ ], { } ]
				],
				["\u00e9\u0022\u005d\\u",	"",	-9007199254740993,	null,	1E-7,	null]
			]
		} ,
		{ "name" : "Empty" , "columns" : [ { "name" : "c" , "type" : "string" } ] , "rows" : [ ] }
	] ,
	"statistics" : { "query" : { "executionTime" : 0.1 , "text" : "a \" ] } {" } } ,
	"render" : { "visualization" : "table" , "nested" : [ [ 1 ] , [ 2 ] ] } ,
	"error" : { "code" : "PartialError" , "message" : "x ] } \" {" , "details" : [ { "code" : "E" , "message" : "m" } ] }
}
`.replace(/\n(?=\t\t\t")/g, '\r\n')

const TRICKY_COLUMNS: Column[] = [
  { name: 's', type: 'string' },
  { name: 'd', type: 'dynamic' },
  { name: 'n', type: 'long' },
  { name: 'b', type: 'bool' },
  { name: 'r', type: 'real' },
  { name: 'x', type: 'dynamic' }
]

const TRICKY_MEMBERS: Event[] = [
  ['member', 'statistics', { query: { executionTime: 0.1, text: 'a " ] } {' } }],
  ['member', 'render', { visualization: 'table', nested: [[1], [2]] }],
  ['member', 'error', { code: 'PartialError', message: 'x ] } " {', details: [{ code: 'E', message: 'm' }] }]
]

function trickyEvents(nestedCell: string, emptyNested: string): Event[] {
  return [
    ['table', 0, 'Tricky "one"', TRICKY_COLUMNS],
    [
      'row',
      [
        String.raw`"say \"hi\" ] , { [ } :"`,
        String.raw`"{\"k\":[1,{\"x\":\"]\"}],\"big\":9007199254740993}"`,
        '9007199254740993',
        'true',
        '-1.5e+10',
        nestedCell
      ]
    ],
    ['row', [String.raw`"back\\slash\\"`, String.raw`"\\\""`, 'null', 'false', '0', emptyNested]],
    ['row', [String.raw`"\u00e9\u0022\u005d\\u"`, '""', '-9007199254740993', 'null', '1E-7', 'null']],
    ['table', 1, 'Empty', [{ name: 'c', type: 'string' }]],
    ...TRICKY_MEMBERS
  ]
}

/** Multi-byte UTF-8 (2, 3 and 4 bytes: é, ✓, 𝄞) in names, string cells, dynamic cells and member values, unescaped. */
const UNICODE_VALUE = {
  tables: [
    {
      name: 'Résumé 𝄞',
      columns: [
        { name: 'café', type: 'string' },
        { name: '✓', type: 'dynamic' },
        { name: 'n', type: 'long' }
      ],
      rows: [
        ['é', '{"k":"✓ 𝄞","é":[1,"𝄞"]}', 1],
        ['𝄞𝄞 ✓é', '', 2],
        ['aé✓𝄞b"\\', 'é', 3],
        ['', '[]', null]
      ]
    }
  ],
  statistics: { métrique: 'é✓𝄞', list: ['𝄞', 'é', '✓'] },
  render: 'ça ✓ 𝄞'
}
const UNICODE = JSON.stringify(UNICODE_VALUE)
const UNICODE_PRETTY = JSON.stringify(UNICODE_VALUE, null, 2)

interface Body {
  label: string
  text: string
  expected: Event[]
}

const BODIES: Body[] = [
  ...RECORDED_FILES.flatMap(file => {
    const pretty = recordedBody(file)
    const compact = JSON.stringify(JSON.parse(pretty))
    return [
      { label: `${file} (as recorded)`, text: pretty, expected: oracle(pretty) },
      { label: `${file} (compact)`, text: compact, expected: oracle(compact) }
    ]
  }),
  { label: 'batch item 1 body (compact)', text: batchBody(), expected: oracle(batchBody()) },
  {
    label: 'scalar members',
    text: '{"version":1234567,"tables":[{"rowCount":9876,"name":"t","columns":[{"name":"a","type":"long"}],"partial":false,"rows":[[-12.5e+3]],"more":null}],"flag":true,"nothing":null,"ratio":-0.25,"label":"x"}',
    expected: [
      ['member', 'version', 1234567],
      ['table', 0, 't', [{ name: 'a', type: 'long' }]],
      ['row', ['-12.5e+3']],
      ['member', 'flag', true],
      ['member', 'nothing', null],
      ['member', 'ratio', -0.25],
      ['member', 'label', 'x']
    ]
  },
  {
    label: 'tricky strings (compact)',
    text: TRICKY,
    expected: trickyEvents('{"nested":[1,"]",{"deep":"}"}]}', '[[],{}]')
  },
  {
    label: 'tricky strings (pretty, CRLF and tabs)',
    text: TRICKY_PRETTY,
    expected: trickyEvents('{"nested":[1,"]",{"deep":"}"}]}', '[ [ ], { } ]')
  },
  { label: 'multi-byte text (compact)', text: UNICODE, expected: oracle(UNICODE) },
  { label: 'multi-byte text (pretty)', text: UNICODE_PRETTY, expected: oracle(UNICODE_PRETTY) }
]

describe('ResponseParser on whole bodies', () => {
  it.each(BODIES)('reports every table, row and member of $label', ({ text, expected }) => {
    expect(parse([text])).toEqual(expected)
  })

  it('reads the recorded multi-type response cell by cell, raw text kept', () => {
    const events = parse([recordedBody('query-200-success-multitype.response.json')])
    expect(events).toEqual([
      [
        'table',
        0,
        'PrimaryResult',
        [
          { name: 'stringcolumn', type: 'string' },
          { name: 'boolcolumn', type: 'bool' },
          { name: 'datecolumn', type: 'datetime' },
          { name: 'intcolumn', type: 'int' },
          { name: 'longcolumn', type: 'long' },
          { name: 'realcolumn', type: 'real' },
          { name: 'dynamiccolumn', type: 'dynamic' }
        ]
      ],
      ['row', ['"hello"', 'true', '"2000-01-02T03:04:05Z"', '100', '101', '102.1', String.raw`"{\"hello\":\"world\"}"`]]
    ])
  })

  it('reports a table with zero rows (statistics capture) and its statistics member', () => {
    const events = parse([recordedBody('query-200-with-statistics.response.json')])
    expect(events).toHaveLength(2)
    const [table, member] = events
    expect(table[0]).toBe('table')
    expect(table[1]).toBe(0)
    expect(table[2]).toBe('PrimaryResult')
    expect((table[3] as Column[]).length).toBe(31)
    expect((table[3] as Column[])[27]).toEqual({ name: 'ItemCount', type: 'int' })
    expect(member[0]).toBe('member')
    expect(member[1]).toBe('statistics')
    expect((member[2] as { query: { executionTime: number } }).query.executionTime).toBe(0.0155775)
  })

  it('reports the partial error of an HTTP 200 answer after its rows', () => {
    const events = parse([recordedBody('query-200-partial-error.response.json')])
    expect(events.map(event => event[0])).toEqual(['table', 'row', 'member'])
    const row = events[1][1] as string[]
    expect(row[1]).toBe('"boundedElastic-1"')
    expect(row[4]).toBe('null')
    const [, key, value] = events[2] as [
      'member',
      string,
      { code: string; details: { innererror: { message: string } }[] }
    ]
    expect(key).toBe('error')
    expect(value.code).toBe('PartialError')
    expect(value.details[0].innererror.message).toContain('E_QUERY_RESULT_SET_TOO_LARGE')
  })

  it('reports error, statistics and render members, each parsed', () => {
    const body =
      '{"tables":[{"name":"t","columns":[{"name":"a","type":"long"}],"rows":[[1]]}],' +
      '"error":{"code":"PartialError","message":"m"},"statistics":{"query":{"executionTime":1.5}},"render":{"visualization":"piechart"}}'
    const members = parse([body]).filter(event => event[0] === 'member')
    expect(members).toEqual([
      ['member', 'error', { code: 'PartialError', message: 'm' }],
      ['member', 'statistics', { query: { executionTime: 1.5 } }],
      ['member', 'render', { visualization: 'piechart' }]
    ])
  })

  it('reports members that come before the tables, in order', () => {
    const body = '{"render":null,"tables":[{"name":"t","columns":[],"rows":[]}],"statistics":7}'
    expect(parse([body])).toEqual([
      ['member', 'render', null],
      ['table', 0, 't', []],
      ['member', 'statistics', 7]
    ])
  })

  it('keeps the digits of longs beyond 2^53', () => {
    const events = parse([
      '{"tables":[{"name":"t","columns":[{"name":"n","type":"long"}],"rows":[[9007199254740993],[12345678901234567890]]}]}'
    ])
    expect(events.slice(1)).toEqual([
      ['row', ['9007199254740993']],
      ['row', ['12345678901234567890']]
    ])
  })

  it('numbers the tables and lower-cases column types', () => {
    const body =
      '{"tables":[{"name":"A","columns":[{"name":"x","type":"Long"}],"rows":[[1]]},' +
      '{"name":"B","columns":[{"name":"y"}],"rows":[["b"]]},{"name":"C","columns":[],"rows":[]}]}'
    expect(parse([body])).toEqual([
      ['table', 0, 'A', [{ name: 'x', type: 'long' }]],
      ['row', ['1']],
      ['table', 1, 'B', [{ name: 'y', type: 'string' }]],
      ['row', ['"b"']],
      ['table', 2, 'C', []]
    ])
  })

  it('accepts an empty row of a table without columns', () => {
    expect(parse(['{"tables":[{"name":"t","columns":[],"rows":[[]]}]}'])).toEqual([
      ['table', 0, 't', []],
      ['row', []]
    ])
  })
})

describe('ResponseParser on bodies cut into chunks', () => {
  it.each(BODIES)('gives the same events for $label split at every byte', ({ text, expected }) => {
    const body = Buffer.from(text)
    expect(parse([body])).toEqual(expected)
    const whole = JSON.stringify(expected)
    for (let i = 0; i <= body.length; i++) {
      const events = parse([body.subarray(0, i), body.subarray(i)])
      if (JSON.stringify(events) !== whole) {
        expect(
          events,
          `split at byte ${i}: ${JSON.stringify(body.toString('utf8', Math.max(0, i - 20), i))} | ${JSON.stringify(body.toString('utf8', i, i + 20))}`
        ).toEqual(expected)
      }
    }
  })

  it.each(BODIES)('gives the same events for $label one character at a time', ({ text, expected }) => {
    expect(parse([...text])).toEqual(expected)
  })

  it.each(BODIES)('gives the same events for $label one byte at a time', ({ text, expected }) => {
    expect(parse(byteByByte(text))).toEqual(expected)
  })

  it.each(BODIES)('gives the same events for $label in random byte chunks (with empty ones)', ({ text, expected }) => {
    const body = Buffer.from(text)
    const next = random(body.length)
    for (let trial = 0; trial < 100; trial++) {
      const chunks: Buffer[] = []
      for (let i = 0; i < body.length;) {
        const size = Math.floor(next() * 12)
        chunks.push(body.subarray(i, i + size))
        i += size
      }
      expect(parse(chunks), `trial ${trial}`).toEqual(expected)
    }
  })

  it.each([
    ['compact', UNICODE],
    ['pretty', UNICODE_PRETTY]
  ])('gives the same events when every multi-byte character of the %s body is cut apart', (_, text) => {
    const body = Buffer.from(text)
    const expected = oracle(text)
    let cut = 0
    for (let i = 0; i < body.length; i++) {
      const lead = body[i]
      if (lead < 0xc0) continue
      const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2
      // The character alone, cut at each inner boundary, and byte by byte.
      for (let k = 1; k < size; k++) {
        expect(parse([body.subarray(0, i + k), body.subarray(i + k)]), `cut at ${i}+${k}`).toEqual(expected)
      }
      const pieces = [
        body.subarray(0, i),
        ...Array.from(body.subarray(i, i + size), byte => Buffer.from([byte])),
        body.subarray(i + size)
      ]
      expect(parse(pieces), `bytes of the character at ${i}`).toEqual(expected)
      cut++
    }
    // é, ✓ and 𝄞 appear in names, cells and members.
    expect(cut).toBeGreaterThan(25)
    const rows = expected.filter(event => event[0] === 'row')
    expect(rows[0]).toEqual(['row', ['"é"', String.raw`"{\"k\":\"✓ 𝄞\",\"é\":[1,\"𝄞\"]}"`, '1']])
    expect(expected[0]).toEqual([
      'table',
      0,
      'Résumé 𝄞',
      [
        { name: 'café', type: 'string' },
        { name: '✓', type: 'dynamic' },
        { name: 'n', type: 'long' }
      ]
    ])
    expect(expected).toContainEqual(['member', 'statistics', { métrique: 'é✓𝄞', list: ['𝄞', 'é', '✓'] }])
    expect(expected).toContainEqual(['member', 'render', 'ça ✓ 𝄞'])
  })

  it('emits each row as soon as its closing bracket has arrived (4 KB chunks)', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `["r${String(i).padStart(5, '0')}",${i}]`)
    const text = `{"tables":[{"name":"t","columns":[{"name":"s","type":"string"},{"name":"n","type":"long"}],"rows":[${rows.join(',')}]}]}`
    const { parser, events } = recorder()
    for (let i = 0; i < text.length; i += 4096) {
      parser.write(Buffer.from(text.slice(i, i + 4096)))
      const whole = (text.slice(0, i + 4096).match(/\["r\d{5}",\d+\]/g) ?? []).length
      expect(events.filter(event => event[0] === 'row').length, `after ${i + 4096} characters`).toBe(whole)
    }
    parser.end()
    expect(events.length).toBe(5001)
    expect(events[5000]).toEqual(['row', ['"r04999"', '4999']])
  })

  it('handles a 1 MB string cell arriving in 1 KB chunks', () => {
    const big = 'x'.repeat(1 << 20)
    const text = `{"tables":[{"name":"t","columns":[{"name":"big","type":"string"},{"name":"n","type":"long"}],"rows":[["${big}",1],["small",2]]}]}`
    const body = Buffer.from(text)
    const chunks: Buffer[] = []
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024))
    const events = parse(chunks)
    expect(events.length).toBe(3)
    const first = events[1][1] as string[]
    expect(first[0].length).toBe(big.length + 2)
    expect(first[0]).toBe(`"${big}"`)
    expect(first[1]).toBe('1')
    expect(events[2]).toEqual(['row', ['"small"', '2']])
  })

  it('handles a 1 MB cell full of escaped quotes and backslashes in 1 KB chunks', () => {
    const big = String.raw`a\"b\\`.repeat(1 << 17)
    const text = `{"tables":[{"name":"t","columns":[{"name":"big","type":"string"}],"rows":[["${big}"]]}]}`
    const body = Buffer.from(text)
    const chunks: Buffer[] = []
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024))
    const events = parse(chunks)
    expect(events.length).toBe(2)
    expect((events[1][1] as string[])[0]).toBe(`"${big}"`)
  })

  it('handles a 1 MB nested cell and a 1 MB statistics member in 1 KB chunks', () => {
    const nested = `[${Array.from({ length: 1 << 17 }, (_, i) => `{"i":${i % 10}}`).join(',')}]`
    const text = `{"tables":[{"name":"t","columns":[{"name":"d","type":"dynamic"}],"rows":[[${nested}]]}],"statistics":${nested}}`
    const body = Buffer.from(text)
    const chunks: Buffer[] = []
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024))
    const events = parse(chunks)
    expect(events.length).toBe(3)
    expect((events[1][1] as string[])[0]).toBe(nested)
    expect((events[2][2] as unknown[]).length).toBe(1 << 17)
  })

  it('handles a 1 MB cell of multi-byte text in 1 KB chunks that cut its characters apart', () => {
    const big = 'é✓𝄞'.repeat(1 << 17)
    const small = 'é✓𝄞'.repeat(1000)
    const text = `{"tables":[{"name":"t","columns":[{"name":"big","type":"string"},{"name":"d","type":"dynamic"}],"rows":[["${big}",${JSON.stringify(JSON.stringify({ small }))}],["✓",null]]}],"render":"${small}"}`
    const body = Buffer.from(text)
    expect(body.length).toBeGreaterThan(1 << 20)
    const chunks: Buffer[] = []
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024))
    // 1024 is not a multiple of 9 (the bytes of 'é✓𝄞'): the chunks end inside characters.
    const events = parse(chunks)
    expect(events.length).toBe(4)
    const [first, second] = [events[1][1] as string[], events[2][1] as string[]]
    expect(first[0]).toBe(`"${big}"`)
    expect(JSON.parse(JSON.parse(first[1]) as string)).toEqual({ small })
    expect(second).toEqual(['"✓"', 'null'])
    expect(events[3]).toEqual(['member', 'render', small])
  })

  it('costs linear time for a 4 MB cell arriving in 1 KB chunks', () => {
    const big = 'x'.repeat(4 << 20)
    const body = Buffer.from(
      `{"tables":[{"name":"t","columns":[{"name":"big","type":"string"}],"rows":[["${big}"],["y"]]}]}`
    )
    const chunks: Buffer[] = []
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024))
    // Bytes copied by Buffer.concat, counted (and cut short once far too many, to fail fast).
    const original = Buffer.concat.bind(Buffer)
    let copied = 0
    const concat = vi.spyOn(Buffer, 'concat').mockImplementation((list, totalLength) => {
      const joined = original(list, totalLength)
      copied += joined.length
      if (copied > 8 * body.length) throw new Error(`${copied} bytes copied for a body of ${body.length}`)
      return joined
    })
    try {
      const started = performance.now()
      const events = parse(chunks)
      const elapsed = performance.now() - started
      expect(events.map(event => event[0])).toEqual(['table', 'row', 'row'])
      expect(copied).toBeLessThanOrEqual(8 * body.length)
      expect(elapsed).toBeLessThan(1000)
    } finally {
      concat.mockRestore()
    }
  })
})

describe('ResponseParser row cells', () => {
  /** Every row's cells as byte ranges, checked against cellRaw while they are valid. */
  function rowBytes(chunks: readonly Buffer[]): { raw: string[]; bytes: Buffer[] }[] {
    const rows: { raw: string[]; bytes: Buffer[] }[] = []
    const parser = new ResponseParser({
      table: () => undefined,
      member: () => undefined,
      row: cells => {
        const raw: string[] = []
        const bytes: Buffer[] = []
        for (let i = 0; i < cells.length; i++) {
          expectHolds(cells.start[i] <= cells.end[i], `cell ${i} ends before it starts`)
          expectHolds(cells.end[i] <= cells.bytes.length, `cell ${i} ends past the bytes`)
          const cell = Buffer.from(cells.bytes.subarray(cells.start[i], cells.end[i]))
          expectSame(cellRaw(cells, i), cell.toString('utf8'), `cell ${i}`)
          raw.push(cellRaw(cells, i))
          bytes.push(cell)
        }
        rows.push({ raw, bytes })
      }
    })
    for (const chunk of chunks) parser.write(chunk)
    parser.end()
    return rows
  }

  it('gives each cell as a byte range of the body, its raw JSON', () => {
    const text =
      '{"tables":[{"name":"t","columns":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"}],"rows":[[ "é" , 12.5e3,\r\n{"x" : [1, "✓"]},null ],[true,false,"𝄞",[]]]}]}'
    const rows = rowBytes([Buffer.from(text)])
    expect(rows.map(row => row.raw)).toEqual([
      ['"é"', '12.5e3', '{"x" : [1, "✓"]}', 'null'],
      ['true', 'false', '"𝄞"', '[]']
    ])
    expect(rows[0].bytes[0]).toEqual(Buffer.from([0x22, 0xc3, 0xa9, 0x22]))
  })

  it('reads chunks that are views into a larger buffer', () => {
    const text = '{"tables":[{"name":"t","columns":[{"name":"a"},{"name":"b"}],"rows":[["é✓",1],["𝄞",2]]}]}'
    const backing = Buffer.concat([Buffer.from('GARBAGE['), Buffer.from(text), Buffer.from('"]]]GARBAGE')])
    const body = backing.subarray(8, 8 + Buffer.byteLength(text))
    expect(body.byteOffset).toBeGreaterThan(0)
    expect(rowBytes([body]).map(row => row.raw)).toEqual([
      ['"é✓"', '1'],
      ['"𝄞"', '2']
    ])
    const cut = Buffer.byteLength(text.slice(0, text.indexOf('✓'))) + 1
    expect(rowBytes([body.subarray(0, cut), body.subarray(cut)]).map(row => row.raw)).toEqual([
      ['"é✓"', '1'],
      ['"𝄞"', '2']
    ])
  })

  it('gives rows of many cells (more than its initial room for 64)', () => {
    const wide = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? `"c${i}é"` : i % 3 === 1 ? String(i) : `{"i":[${i}]}`
    )
    const columns = wide.map((_, i) => ({ name: `c${i}`, type: 'string' }))
    const ones = wide.map(() => '1')
    const text = `{"tables":[{"name":"t","columns":${JSON.stringify(columns)},"rows":[[${wide.join(',')}],[${ones.join(',')}],[${wide.join(' , ')}]]}]}`
    expect(rowBytes([Buffer.from(text)]).map(row => row.raw)).toEqual([wide, ones, wide])
    const body = Buffer.from(text)
    const chunks: Buffer[] = []
    for (let i = 0; i < body.length; i += 7) chunks.push(body.subarray(i, i + 7))
    expect(rowBytes(chunks).map(row => row.raw)).toEqual([wide, ones, wide])
  })
})

describe('ResponseParser on bodies that are not a Logs API answer', () => {
  it('rejects an empty body at end()', () => {
    const { parser } = recorder()
    expect(() => parser.end()).toThrow(MalformedResponseError)
    const blank = recorder().parser
    blank.write(Buffer.alloc(0))
    blank.write(Buffer.from('  \r\n\t'))
    const error = thrown(() => blank.end())
    expect(error).toBeInstanceOf(MalformedResponseError)
    expect((error as Error).message).toMatch(/empty/)
  })

  it.each(BODIES)('rejects every proper prefix of $label (cut at any byte) at end()', ({ text, expected }) => {
    const body = Buffer.from(text.trimEnd())
    for (let i = 0; i < body.length; i++) {
      const { parser, events } = recorder()
      parser.write(body.subarray(0, i))
      // What came out so far is the start of what the whole body gives.
      if (events.length > 0) expectSame(events, expected.slice(0, events.length), `prefix of ${i}`)
      const error = thrown(() => parser.end())
      if (!(error instanceof MalformedResponseError)) {
        expect(
          error,
          `prefix of ${i}: ${JSON.stringify(body.toString('utf8', Math.max(0, i - 30), i))}`
        ).toBeInstanceOf(MalformedResponseError)
      }
    }
  })

  it.each([
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['plain text', 'upstream connect error or disconnect/reset before headers'],
    ['a JSON array', '[{"tables":[]}]'],
    ['a JSON string', '"tables"'],
    ['a number', '42'],
    ['a byte-order mark and HTML', '\uFEFF<!DOCTYPE html>']
  ])('rejects %s', (_, text) => {
    const { parser } = recorder()
    const error = thrown(() => {
      parser.write(Buffer.from(text))
      parser.end()
    })
    expect(error).toBeInstanceOf(MalformedResponseError)
    expect((error as Error).message.split('\n')).toHaveLength(1)
  })

  it.each([
    ['text', 'x'],
    ['a second object', ' {"tables":[]}'],
    ['a comma', ','],
    ['a closing brace', '}'],
    ['a closing bracket', '\n]']
  ])('rejects %s after the object', (_, trailing) => {
    const body = '{"tables":[{"name":"t","columns":[],"rows":[]}]}'
    expect(thrown(() => parse([body + trailing]))).toBeInstanceOf(MalformedResponseError)
    // Also when the trailing text arrives in a later chunk, or character by character.
    expect(thrown(() => parse([body, trailing]))).toBeInstanceOf(MalformedResponseError)
    expect(thrown(() => parse(byteByByte(body + trailing)))).toBeInstanceOf(MalformedResponseError)
  })

  it('rejects trailing garbage that arrives after the object in its own chunk', () => {
    const { parser } = recorder()
    parser.write(Buffer.from('{"tables":[{"name":"t","columns":[],"rows":[]}]}'))
    parser.write(Buffer.from('\n'))
    expect(() => parser.write(Buffer.from('<html>'))).toThrow(MalformedResponseError)
  })

  it('accepts trailing white space after the object', () => {
    expect(parse(['{"tables":[{"name":"t","columns":[],"rows":[]}]}', ' \r\n', '\t'])).toEqual([['table', 0, 't', []]])
  })

  it('rejects rows that come before the columns', () => {
    const text = '{"tables":[{"name":"t","rows":[[1]],"columns":[{"name":"a","type":"long"}]}]}'
    const error = thrown(() => parse([text]))
    expect(error).toBeInstanceOf(MalformedResponseError)
    expect((error as Error).message).toMatch(/rows before its columns/)
    expect(thrown(() => parse(byteByByte(text)))).toBeInstanceOf(MalformedResponseError)
  })

  it.each([
    ['tables is not an array', '{"tables":{"name":"t"}}'],
    ['a table is not an object', '{"tables":[["t"]]}'],
    ['columns is not an array', '{"tables":[{"name":"t","columns":{"a":"long"},"rows":[]}]}'],
    ['a column has no name', '{"tables":[{"name":"t","columns":[{"type":"long"}],"rows":[]}]}'],
    ['rows is not an array', '{"tables":[{"name":"t","columns":[],"rows":{}}]}'],
    ['a row is not an array', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[1]}]}'],
    ['cells without a comma', '{"tables":[{"name":"t","columns":[{"name":"a"},{"name":"b"}],"rows":[[1 2]]}]}'],
    ['a cell that is not JSON', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[undefined]]}]}'],
    ['a misspelt literal', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[ture]]}]}'],
    ['a number glued to text', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[12abc]]}]}'],
    ['an unquoted member name', '{tables:[]}'],
    ['a member without a colon', '{"tables" []}'],
    ['a member value that is not JSON', '{"tables":[],"error":{code:1}}'],
    ['members without a comma', '{"tables":[] "x":1}'],
    ['a leading comma', '{,"tables":[]}'],
    ['a doubled comma', '{"tables":[],,"x":1}'],
    ['a trailing comma among members', '{"tables":[],}'],
    ['a leading comma among rows', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[,[1]]}]}'],
    ['a trailing comma among rows', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[1],]}]}'],
    ['rows without a comma', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[1] [2]]}]}'],
    ['tables without a comma', '{"tables":[{"name":"t","columns":[],"rows":[]} {"name":"u","columns":[],"rows":[]}]}'],
    ['a leading comma among tables', '{"tables":[,{"name":"t","columns":[],"rows":[]}]}'],
    [
      'a doubled comma among tables',
      '{"tables":[{"name":"t","columns":[],"rows":[]},,{"name":"u","columns":[],"rows":[]}]}'
    ],
    ['a trailing comma among tables', '{"tables":[{"name":"t","columns":[],"rows":[]},]}'],
    ['a trailing comma in a table', '{"tables":[{"name":"t","columns":[],"rows":[],}]}'],
    ['table members without a comma', '{"tables":[{"name":"t" "columns":[],"rows":[]}]}'],
    ['a doubled comma in a table', '{"tables":[{"name":"t",,"columns":[],"rows":[]}]}'],
    ['a doubled comma among rows', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[1],,[2]]}]}'],
    ['a leading comma among cells', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[,1]]}]}'],
    ['a doubled comma among cells', '{"tables":[{"name":"t","columns":[{"name":"a"},{"name":"b"}],"rows":[[1,,2]]}]}'],
    ['a trailing comma among cells', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[1,]]}]}'],
    ['a lone comma as a row', '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[,]}]}']
  ])('rejects a body where %s', (_, text) => {
    expect(thrown(() => parse([text]))).toBeInstanceOf(MalformedResponseError)
    expect(thrown(() => parse(byteByByte(text)))).toBeInstanceOf(MalformedResponseError)
  })

  it.each([
    ['a bad escape', '{"tab\\les":[]}'],
    ['a bad \\u escape', '{"tables":[{"name":"t","\\ucolumns":[],"rows":[]}]}'],
    ['a raw line break', '{"tab\nles":[]}']
  ])('rejects a member name with %s as malformed', (_, text) => {
    expect(thrown(() => parse([text]))).toBeInstanceOf(MalformedResponseError)
    expect(thrown(() => parse(byteByByte(text)))).toBeInstanceOf(MalformedResponseError)
  })

  it('shows where the text went wrong, on one line', () => {
    const error = thrown(() => parse(['{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[1 2\n3]]}]}'])) as Error
    expect(error.message).toContain('not valid Logs API JSON')
    expect(error.message).toContain('"2\\n3]]}]}"')
    expect(error.message).not.toContain('\n')
  })
})

describe('ResponseParser checks values it copies as they are', () => {
  it.each([
    ['a number with a sign inside', '[[1-2]]'],
    ['a number with a leading zero', '[[0123]]'],
    ['a number ending in a dot', '[[12.]]'],
    ['mismatched brackets in a nested cell', '[[{"k":[1,2]]]]'],
    ['a nested cell that is not JSON', '[[{k:1}]]']
  ])('rejects %s', (_, rows) => {
    const text = `{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":${rows}}]}`
    expect(thrown(() => parse([text]))).toBeInstanceOf(MalformedResponseError)
  })

  it('accepts a number cut across chunks anywhere', () => {
    const text = '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[-12.5e+10],[0.25],[9007199254740993]]}]}'
    for (let cut = 1; cut < text.length; cut++) {
      const events = parse([text.slice(0, cut), text.slice(cut)])
      expect(events.filter(event => event[0] === 'row').map(event => event[1])).toEqual([
        ['-12.5e+10'],
        ['0.25'],
        ['9007199254740993']
      ])
    }
  })
})

/** The problem a MalformedResponseError names, without the text near it (which is what had arrived). */
const problem = (error: unknown): string => (error as Error).message.replace(/ \(near ".*"\)$/, '')

/** What a malformed body throws (the same problem whole, byte by byte and cut in two anywhere): the message. */
function refusal(body: string | Uint8Array): string {
  const bytesOf = Buffer.from(body)
  const error = thrown(() => parse([bytesOf]))
  expect(error).toBeInstanceOf(MalformedResponseError)
  const message = (error as Error).message
  expect(message).not.toMatch(/[\r\n]/)
  expect(problem(thrown(() => parse(Array.from(bytesOf, byte => Buffer.from([byte])))))).toBe(problem(error))
  for (let i = 1; i < bytesOf.length; i++) {
    const split = thrown(() => parse([bytesOf.subarray(0, i), bytesOf.subarray(i)]))
    expectHolds(split instanceof MalformedResponseError, `cut at ${i}: ${String(split)}`)
    expectSame(problem(split), problem(error), `cut at ${i}`)
  }
  return message
}

/** A body with one table of the columns and rows given as JSON text. */
const table = (columns: string, rows: string, extra = '') =>
  `{"tables":[{"name":"t","columns":${columns},"rows":${rows}${extra}}]}`
const ONE = '[{"name":"a","type":"string"}]'
const TWO = '[{"name":"a","type":"string"},{"name":"b","type":"long"}]'
/** A body whose only cell is the given string literal bytes (with its quotes). */
const cell = (literal: Uint8Array | string) =>
  Buffer.concat([Buffer.from(table(ONE, '[[').slice(0, -3)), Buffer.from(literal), Buffer.from(']]}]}')])

describe('ResponseParser refuses an answer with no result table (issue 10, finding 4)', () => {
  it.each([
    ['an empty object', '{}', /the answer has no tables/],
    ['statistics alone', '{"statistics":{"query":{}}}', /the answer has no tables/],
    ['an error alone', '{"error":{"code":"PartialError","message":"m"}}', /the answer has no tables/],
    ['an empty tables array', '  {"tables":[]}  \r\n', /the answer has no table \(tables is empty\)/],
    ['a table without rows', '{"tables":[{"name":"t","columns":[{"name":"a","type":"long"}]}]}', /a table has no rows/],
    ['a table without columns or rows', '{"tables":[{"name":"t"}]}', /a table has no columns/],
    ['an empty table object', '{"tables":[{}]}', /a table has no name/],
    ['a table without a name', '{"tables":[{"columns":[],"rows":[]}]}', /a table has no name/],
    [
      'a second table without rows',
      '{"tables":[{"name":"t","columns":[],"rows":[]},{"name":"u","columns":[]}]}',
      /a table has no rows/
    ],
    [
      'a table whose name is not a string',
      '{"tables":[{"name":7,"columns":[],"rows":[]}]}',
      /a table's name is not a string/
    ]
  ])('refuses %s', (_, body, says) => {
    expect(refusal(body)).toMatch(says)
  })
})

describe('ResponseParser refuses malformed answers instead of reading them as data (issue 10, finding 5)', () => {
  it.each([
    ['rows twice', table(ONE, '[["x"]]', ',"rows":[["y"]]'), /"rows" appears twice in a table/],
    [
      'columns twice',
      table(ONE, '[["x"]]').replace('"rows"', `"columns":${ONE},"rows"`),
      /"columns" appears twice in a table/
    ],
    ['columns again after the rows', table(ONE, '[["x"]]', `,"columns":${TWO}`), /"columns" appears twice in a table/],
    ['name twice', table(ONE, '[]').replace('"columns"', '"name":"u","columns"'), /"name" appears twice in a table/],
    ['an unknown table member twice', table(ONE, '[]', ',"x":1,"x":1'), /"x" appears twice in a table/],
    [
      'tables twice',
      '{"tables":[{"name":"t","columns":[],"rows":[]}],"tables":[{"name":"u","columns":[],"rows":[]}]}',
      /"tables" appears twice in the answer/
    ],
    [
      'tables twice, the second spelt with an escape',
      '{"tables":[{"name":"t","columns":[],"rows":[]}],"t\\u0061bles":[]}',
      /"tables" appears twice in the answer/
    ],
    [
      'error twice',
      table(ONE, '[]').slice(0, -1) + ',"error":{"code":"a"},"error":{"code":"b"}}',
      /"error" appears twice in the answer/
    ],
    [
      'statistics twice, before the tables',
      '{"statistics":{},"statistics":{},"tables":[]}',
      /"statistics" appears twice in the answer/
    ],
    [
      'a name twice in a column',
      table('[{"name":"a","type":"string","name":"b"}]', '[["x"]]'),
      /"name" appears twice in an object of member 'columns'/
    ],
    [
      'a name twice deep in the error',
      table(ONE, '[]').slice(0, -1) + ',"error":{"code":"PartialError","details":[{"code":"a","code":"b"}]}}',
      /"code" appears twice in an object of member 'error'/
    ],
    [
      'two columns of one name',
      table('[{"name":"a","type":"string"},{"name":"a","type":"long"}]', '[["x",1]]'),
      /two columns are named "a"/
    ],
    [
      'a row longer than the columns',
      table(ONE, '[["x"],["y","z"]]'),
      /a row has 2 cells for 1 column \(near "\[\\"y\\",\\"z\\"\]/
    ],
    ['a row shorter than the columns', table(TWO, '[["x",1],["y"]]'), /a row has 1 cell for 2 columns/],
    ['an empty row', table(TWO, '[[]]'), /a row has 0 cells for 2 columns/],
    ['a row with cells for a table without columns', table('[]', '[[1]]'), /a row has 1 cell for 0 columns/],
    [
      'a short row in a second table',
      `{"tables":[{"name":"t","columns":${ONE},"rows":[["x"]]},{"name":"u","columns":${TWO},"rows":[[1]]}]}`,
      /a row has 1 cell for 2 columns/
    ],
    ['an error that is text', table(ONE, '[]').slice(0, -1) + ',"error":"boom"}', /member 'error' is not an object/],
    ['an error that is an array', table(ONE, '[]').slice(0, -1) + ',"error":[]}', /member 'error' is not an object/]
  ])('refuses %s', (_, body, says) => {
    expect(refusal(body)).toMatch(says)
  })

  const UTF8 = /bytes that are not UTF-8 in a string \(byte 0x[0-9a-f]{2}\)/
  it.each([
    ['a stray continuation byte', [0x80]],
    ['a lead byte before a quote', [0xc3]],
    ['a lead byte before ASCII', [0xe2, 0x9c, 0x61]],
    ['an overlong two-byte form', [0xc0, 0xaf]],
    ['an overlong C1 form', [0xc1, 0xbf]],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf]],
    ['an overlong four-byte form', [0xf0, 0x8f, 0xbf, 0xbf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['a code point beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a byte never in UTF-8 (F5)', [0xf5, 0x80, 0x80, 0x80]],
    ['a byte never in UTF-8 (FF)', [0xff]],
    ['Latin-1 text', Array.from(Buffer.from('Zürich', 'latin1'))]
  ])('refuses %s in a string cell', (_, raw) => {
    const literal = Buffer.from([0x22, 0x61, ...raw, 0x62, 0x22])
    expect(refusal(cell(literal))).toMatch(UTF8)
  })

  it.each([
    ['Latin-1 text', Buffer.from('"Z\xfcrich"', 'latin1'), 0xfc],
    ['an encoded surrogate (CESU-8)', Buffer.from([0x22, 0xed, 0xa0, 0xbd, 0x22]), 0xed],
    ['a multi-byte character cut short by the closing quote', Buffer.from([0x22, 0x61, 0xe2, 0x9c, 0x22]), 0xe2]
  ])('refuses %s as a whole cell, naming the first byte that is wrong', (_, literal, byte) => {
    expect(refusal(cell(literal))).toMatch(`bytes that are not UTF-8 in a string (byte 0x${byte.toString(16)})`)
  })

  it.each([
    ['a member name', (bad: Buffer) => Buffer.concat([Buffer.from('{"'), bad, Buffer.from('":1,"tables":[]}')])],
    [
      'a member value',
      (bad: Buffer) =>
        Buffer.concat([Buffer.from(table(ONE, '[]').slice(0, -1) + ',"statistics":{"text":"'), bad, Buffer.from('"}}')])
    ],
    [
      'a table name',
      (bad: Buffer) =>
        Buffer.concat([Buffer.from('{"tables":[{"name":"'), bad, Buffer.from(`","columns":${ONE},"rows":[]}]}`)])
    ],
    [
      'a column name',
      (bad: Buffer) =>
        Buffer.concat([
          Buffer.from('{"tables":[{"name":"t","columns":[{"name":"'),
          bad,
          Buffer.from('"}],"rows":[]}]}')
        ])
    ],
    [
      'a nested cell',
      (bad: Buffer) =>
        Buffer.concat([Buffer.from(table(ONE, '[[').slice(0, -3) + '{"k":"'), bad, Buffer.from('"}]]}]}')])
    ]
  ])('refuses invalid UTF-8 in %s', (_, body) => {
    expect(refusal(body(Buffer.from([0xc3, 0x28])))).toMatch(UTF8)
  })

  it.each([
    ['NUL', '\u0000'],
    ['U+0001', '\u0001'],
    ['a tab', '\t'],
    ['a line feed', '\n'],
    ['a carriage return', '\r'],
    ['U+001F', '\u001f'],
    ['a bell (U+0007)', '\u0007']
  ])('refuses a raw %s inside a string cell, a member name or a column name', (_, control) => {
    const says = /a raw control character in a string/
    expect(refusal(cell(`"a${control}b"`))).toMatch(says)
    expect(refusal(`{"x${control}":1,"tables":[]}`)).toMatch(says)
    expect(refusal(table(`[{"name":"a${control}"}]`, '[]'))).toMatch(says)
    expect(refusal(table(ONE, '[]').slice(0, -1) + `,"render":{"title":"${control}"}}`)).toMatch(says)
  })

  const ESCAPE = /an invalid escape in a string/
  const SURROGATE = /a \\u escape of a lone surrogate in a string/
  it.each([
    ['the invalid escape \\x', String.raw`"\x41"`, ESCAPE],
    ['the invalid escape \\U', String.raw`"\U0041"`, ESCAPE],
    ["the invalid escape \\'", String.raw`"it\'s"`, ESCAPE],
    ['a backslash before a space', String.raw`"a\ b"`, ESCAPE],
    ['\\u with a letter that is not hex', String.raw`"\u12G4"`, ESCAPE],
    ['\\u with a G among its last digits', String.raw`"\u00G9"`, ESCAPE],
    ['\\u with three digits', String.raw`"\u123"`, ESCAPE],
    ['\\u with no digits', String.raw`"\u"`, ESCAPE],
    // A \u escape of a lone surrogate is not text: UTF-8 cannot hold it, so the answer is refused.
    ['a high surrogate alone', String.raw`"\ud800"`, SURROGATE],
    ['a low surrogate alone', String.raw`"\uDC00x"`, SURROGATE],
    ['a high surrogate before text', String.raw`"\ud834x"`, SURROGATE],
    ['a high surrogate before punctuation', String.raw`"\ud83d!"`, SURROGATE],
    ['a high surrogate before another escape', String.raw`"\ud834\n"`, SURROGATE],
    ['a high surrogate before a character', String.raw`"\ud834\u0041"`, SURROGATE],
    ['two high surrogates', String.raw`"\udbff\udbff"`, SURROGATE],
    ['a low surrogate before a high one', String.raw`"\udd1e\ud834"`, SURROGATE]
  ])('refuses %s in a cell, a member value and a member name', (_, literal, says) => {
    expect(refusal(cell(literal))).toMatch(says)
    expect(refusal(`{"statistics":{"t":${literal}},"tables":[]}`)).toMatch(says)
    expect(refusal(`{${literal}:1,"tables":[]}`)).toMatch(says)
  })

  it('names what is wrong and where, on one line', () => {
    expect(refusal(cell(Buffer.from([0x22, 0x61, 0x62, 0xff, 0x63, 0x22])))).toMatch(
      /^the response is not valid Logs API JSON: bytes that are not UTF-8 in a string \(byte 0xff\) \(near "\uFFFDc\\"\]\]}\]}"\)$/
    )
    expect(refusal(cell('"ab\\qc"'))).toMatch(/\(near "\\\\qc\\"\]\]}\]}"\)$/)
  })
})

describe('ResponseParser still reads every well-formed answer', () => {
  it.each([
    ['a surrogate pair escape', String.raw`"\ud834\udd1e"`],
    ['upper-case hex', String.raw`"\uD834\uDD1E\u00E9"`],
    ['every one-letter escape', String.raw`"\"\\\/\b\f\n\r\t"`],
    ['the edges of UTF-8', '"\u0080\u07ff\u0800\ud7ff\ue000\uffff\u{10000}\u{10ffff}"'],
    ['U+007F and text', '"a\u007fb"']
  ])('accepts %s in a cell', (_, literal) => {
    expect(parse([cell(literal)])).toEqual([
      ['table', 0, 't', [{ name: 'a', type: 'string' }]],
      ['row', [literal]]
    ])
    expect(parse(byteByByte(cell(literal).toString('utf8')))).toHaveLength(2)
  })

  it('accepts columns whose names differ only in case, an error of null and members it does not know', () => {
    const body =
      '{"x":{"a":1,"b":{"a":2}},"tables":[{"name":"t","columns":[{"name":"a"},{"name":"A"}],"rows":[[1,2]],"y":[{"k":1},{"k":2}]}],"error":null}'
    expect(parse([body])).toEqual([
      ['member', 'x', { a: 1, b: { a: 2 } }],
      [
        'table',
        0,
        't',
        [
          { name: 'a', type: 'string' },
          { name: 'A', type: 'string' }
        ]
      ],
      ['row', ['1', '2']],
      ['member', 'error', null]
    ])
  })

  it('takes the same name in different tables and in different objects', () => {
    const body =
      '{"tables":[{"name":"t","columns":[{"name":"a"}],"rows":[[1]]},{"name":"t","columns":[{"name":"a"}],"rows":[]}]}'
    expect(parse([body]).map(event => event[0])).toEqual(['table', 'row', 'table'])
  })
})
