import { describe, expect, it } from 'vitest'
import type { Column } from '../../../src/wire/columns.js'
import { OUTPUT_FORMATS } from '../../../src/inputs/input-helper.js'
import { createRecordWriter } from '../../../src/records/create-writer.js'
import { CsvWriter, csvField } from '../../../src/records/csv-writer.js'
import type { CsvFormulas, OutputFormat } from '../../../src/settings.js'
import { JsonWriter } from '../../../src/records/json-writer.js'
import type { ByteSink } from '../../../src/records/output-buffer.js'
import { expectSame } from '../fixtures/expect-same.js'
import { pick, random } from '../fixtures/random.js'
import { rowCells } from '../fixtures/row-cells.js'

const BIG = '9007199254740993'

const COLUMNS: Column[] = [
  { name: 'String', type: 'string' },
  { name: 'Bool', type: 'bool' },
  { name: 'DateTime', type: 'datetime' },
  { name: 'Int', type: 'int' },
  { name: 'Long', type: 'long' },
  { name: 'Real', type: 'real' },
  { name: 'Guid', type: 'guid' },
  { name: 'Timespan', type: 'timespan' },
  { name: 'Decimal', type: 'decimal' },
  { name: 'Dynamic', type: 'dynamic' }
]

/** Cells as raw JSON text, the way the response parser hands them over. */
const TYPED = [
  '"hello"',
  'true',
  '"2015-12-31T23:59:59.9Z"',
  '12345',
  BIG,
  '12345.6789',
  '"74be27de-1e4e-49d9-b579-fe0b331d3642"',
  '"1.02:03:04.5"',
  '"0.10101"',
  String.raw`"{\"a\":123,\"big\":9007199254740993,\"s\":\"x, \\\"y\\\"\"}"`
]
const NULLS = COLUMNS.map(() => 'null')
const EMPTY = [
  '""',
  'false',
  '"0001-01-01T00:00:00Z"',
  '0',
  '-' + BIG,
  '-1.5e+10',
  '"00000000-0000-0000-0000-000000000000"',
  '"00:00:00"',
  '"0"',
  '"boundedElastic-1"'
]
const HOSTILE = [
  String.raw`"comma, \"quote\" and\nnewline\r\nCRLF ✓"`,
  'false',
  'null',
  '-1',
  '0',
  '0.5',
  'null',
  'null',
  'null',
  String.raw`"[\n  1,\n  \"two, three\"\n]"`
]

/** A sink that copies each chunk, then spoils the writer's buffer: the writer may reuse it, never reread it. */
function collector(): { sink: ByteSink; chunks: Buffer[] } {
  const chunks: Buffer[] = []
  const sink: ByteSink = {
    write: chunk => {
      chunks.push(Buffer.from(chunk))
      chunk.fill(0x7e)
    }
  }
  return { sink, chunks }
}

function render(
  format: OutputFormat,
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  csvFormulas: CsvFormulas = 'escape'
): { text: string; chunks: Buffer[] } {
  const { sink, chunks } = collector()
  const writer = createRecordWriter(format, sink, csvFormulas)
  writer.begin(columns)
  for (const row of rows) {
    const cells = rowCells(row)
    writer.row(cells)
    // Cells are valid only during the call: whatever the writer still needs, it has copied.
    cells.bytes.fill(0x3f)
  }
  writer.end()
  return { text: Buffer.concat(chunks).toString('utf8'), chunks }
}

/** A strict RFC 4180 reader (CRLF record ends only), independent of the writer. */
function readCsv(text: string): string[][] {
  const records: string[][] = []
  let fields: string[] = []
  let i = 0
  for (;;) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        const quote = text.indexOf('"', i)
        if (quote === -1) throw new Error('unclosed quote')
        field += text.slice(i, quote)
        if (text[quote + 1] === '"') {
          field += '"'
          i = quote + 2
          continue
        }
        i = quote + 1
        break
      }
    } else {
      const stop = /[,\r\n"]|$/g
      stop.lastIndex = i
      const at = stop.exec(text)!.index
      if (text[at] === '"') throw new Error(`bare quote at ${at}`)
      field = text.slice(i, at)
      i = at
    }
    fields.push(field)
    if (text[i] === ',') {
      i++
      continue
    }
    if (text.startsWith('\r\n', i)) {
      records.push(fields)
      fields = []
      i += 2
      if (i === text.length) return records
      continue
    }
    throw new Error(`unexpected ${JSON.stringify(text.slice(i, i + 10))} at ${i}`)
  }
}

describe('createRecordWriter', () => {
  it('makes a writer for each format', () => {
    expect(OUTPUT_FORMATS).toEqual(['json', 'ndjson', 'csv'])
    const sink: ByteSink = { write: () => undefined }
    expect(createRecordWriter('json', sink)).toBeInstanceOf(JsonWriter)
    expect(createRecordWriter('ndjson', sink)).toBeInstanceOf(JsonWriter)
    expect(createRecordWriter('csv', sink)).toBeInstanceOf(CsvWriter)
  })
})

describe('json records', () => {
  const { text } = render('json', COLUMNS, [TYPED, NULLS, EMPTY, HOSTILE])

  it('is a JSON array with one record per line', () => {
    const lines = text.split('\n')
    expect(lines[0]).toBe('[')
    expect(lines.slice(-2)).toEqual([']', ''])
    expect(lines).toHaveLength(7)
    for (const line of lines.slice(1, 4)) expect(line.endsWith('},')).toBe(true)
    expect(lines[4].endsWith('}')).toBe(true)
    expect((JSON.parse(text) as unknown[]).length).toBe(4)
  })

  it('keeps every column type', () => {
    const [typed] = JSON.parse(text) as Record<string, unknown>[]
    expect(typed).toEqual({
      String: 'hello',
      Bool: true,
      DateTime: '2015-12-31T23:59:59.9Z',
      Int: 12345,
      Long: Number(BIG),
      Real: 12345.6789,
      Guid: '74be27de-1e4e-49d9-b579-fe0b331d3642',
      Timespan: '1.02:03:04.5',
      Decimal: '0.10101',
      Dynamic: { a: 123, big: Number(BIG), s: 'x, "y"' }
    })
  })

  it('writes the digits of longs beyond 2^53 as they came, in cells and in dynamic values', () => {
    expect(text).toContain(`"Long":${BIG},`)
    expect(text).toContain(`"Long":-${BIG},`)
    expect(text).toContain(`"Dynamic":{"a":123,"big":${BIG},`)
  })

  it('writes null cells as null and empty strings as ""', () => {
    const [, nulls, empty] = JSON.parse(text) as Record<string, unknown>[]
    expect(Object.keys(nulls)).toEqual(COLUMNS.map(column => column.name))
    for (const value of Object.values(nulls)) expect(value).toBeNull()
    expect(empty.String).toBe('')
    expect(empty.Bool).toBe(false)
    expect(empty.Int).toBe(0)
    expect(empty.Dynamic).toBe('boundedElastic-1')
  })

  it('writes text with quotes and line breaks, and multi-line dynamic values, on one line', () => {
    const hostile = (JSON.parse(text) as Record<string, unknown>[])[3]
    expect(hostile.String).toBe('comma, "quote" and\nnewline\r\nCRLF ✓')
    expect(hostile.Dynamic).toEqual([1, 'two, three'])
    expect(text.split('\n')[4]).toContain('"Dynamic":[1,"two, three"]}')
  })

  it('writes [] for zero rows', () => {
    expect(render('json', COLUMNS, []).text).toBe('[]\n')
  })

  it('writes a null for a row shorter than the columns', () => {
    const { text: short } = render(
      'json',
      [
        { name: 'a', type: 'long' },
        { name: 'b', type: 'dynamic' }
      ],
      [['1']]
    )
    expect(JSON.parse(short)).toEqual([{ a: 1, b: null }])
  })

  it('escapes column names', () => {
    const { text: odd } = render('json', [{ name: 'we"ird\\name\n', type: 'string' }], [['"v"']])
    expect(JSON.parse(odd)).toEqual([{ 'we"ird\\name\n': 'v' }])
  })

  it('writes {} for records without columns', () => {
    expect(render('json', [], [[], []]).text).toBe('[\n{},\n{}\n]\n')
  })
})

describe('ndjson records', () => {
  const { text } = render('ndjson', COLUMNS, [TYPED, NULLS, EMPTY, HOSTILE])

  it('is one JSON object per line, each line ended', () => {
    expect(text.endsWith('}\n')).toBe(true)
    const lines = text.slice(0, -1).split('\n')
    expect(lines).toHaveLength(4)
    const records = lines.map(line => JSON.parse(line) as Record<string, unknown>)
    expect(records[0].Dynamic).toEqual({ a: 123, big: Number(BIG), s: 'x, "y"' })
    expect(records[0].Bool).toBe(true)
    expect(records[0].Real).toBe(12345.6789)
    expect(records[1].Long).toBeNull()
    expect(records[2].String).toBe('')
    expect(records[3].String).toBe('comma, "quote" and\nnewline\r\nCRLF ✓')
    expect(records[3].Dynamic).toEqual([1, 'two, three'])
  })

  it('writes the digits of longs beyond 2^53 as they came', () => {
    expect(text.split('\n')[0]).toContain(`"Long":${BIG},`)
    expect(text.split('\n')[0]).toContain(`"big":${BIG}`)
    expect(text.split('\n')[2]).toContain(`"Long":-${BIG},`)
  })

  it('writes nothing for zero rows', () => {
    expect(render('ndjson', COLUMNS, []).text).toBe('')
  })

  it('is not wrapped in an array', () => {
    expect(text.startsWith('{"String":')).toBe(true)
    expect(text).not.toMatch(/^\[|\]\n$/)
  })
})

describe('csv records', () => {
  const { text } = render('csv', COLUMNS, [TYPED, NULLS, EMPTY, HOSTILE])
  const records = readCsv(text)

  it('starts with a header of column names', () => {
    expect(text.startsWith('String,Bool,DateTime,Int,Long,Real,Guid,Timespan,Decimal,Dynamic\r\n')).toBe(true)
    expect(records[0]).toEqual(COLUMNS.map(column => column.name))
  })

  it('ends every line with CRLF', () => {
    expect(text.endsWith('\r\n')).toBe(true)
    // Outside quoted fields, no line feed without its carriage return.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '')
    expect(unquoted).not.toMatch(/[^\r]\n/)
    expect(unquoted.split('\r\n')).toHaveLength(6)
  })

  it('writes each type as its text, numbers digit for digit', () => {
    expect(records[1]).toEqual([
      'hello',
      'true',
      '2015-12-31T23:59:59.9Z',
      '12345',
      BIG,
      '12345.6789',
      '74be27de-1e4e-49d9-b579-fe0b331d3642',
      '1.02:03:04.5',
      '0.10101',
      `{"a":123,"big":${BIG},"s":"x, \\"y\\""}`
    ])
    expect(text).toContain(`,${BIG},`)
    expect(text).toContain(`,-${BIG},`)
    expect(text).toContain(`""big"":${BIG},`)
  })

  it('writes null as an empty field and an empty string as ""', () => {
    expect(text.split('\r\n')[2]).toBe(','.repeat(COLUMNS.length - 1))
    expect(text.split('\r\n')[3].startsWith('"",false,')).toBe(true)
    expect(records[2]).toEqual(COLUMNS.map(() => ''))
    expect(records[3][0]).toBe('')
    expect(records[3][9]).toBe('boundedElastic-1')
  })

  it('quotes fields with commas, quotes and line breaks', () => {
    expect(text).toContain(
      '"comma, ""quote"" and\nnewline\r\nCRLF ✓",false,,-1,0,0.5,,,,"[\n  1,\n  ""two, three""\n]"\r\n'
    )
    expect(records[4][0]).toBe('comma, "quote" and\nnewline\r\nCRLF ✓')
    expect(records[4][9]).toBe('[\n  1,\n  "two, three"\n]')
  })

  it('writes only the header for zero rows', () => {
    expect(render('csv', COLUMNS, []).text).toBe('String,Bool,DateTime,Int,Long,Real,Guid,Timespan,Decimal,Dynamic\r\n')
  })

  it('quotes column names that need it', () => {
    const { text: odd } = render(
      'csv',
      [
        { name: 'a,b', type: 'string' },
        { name: 'say "x"', type: 'long' }
      ],
      [['"v"', '1']]
    )
    expect(odd).toBe('"a,b","say ""x"""\r\nv,1\r\n')
  })

  it('writes an empty field for a row shorter than the columns', () => {
    expect(
      render(
        'csv',
        [
          { name: 'a', type: 'long' },
          { name: 'b', type: 'dynamic' }
        ],
        [['1']]
      ).text
    ).toBe('a,b\r\n1,\r\n')
  })

  it('keeps a dynamic null distinct from a dynamic plain string', () => {
    const dyn = render('csv', [{ name: 'd', type: 'dynamic' }], [['null'], ['"x"'], ['5'], ['true']]).text
    expect(dyn).toBe('d\r\n\r\nx\r\n5\r\ntrue\r\n')
  })

  it('writes a dynamic empty string as "" and a dynamic null as an empty field', () => {
    const dyn = render('csv', [{ name: 'd', type: 'dynamic' }], [['""'], ['null']]).text
    expect(dyn).toBe('d\r\n""\r\n\r\n')
  })
})

/** The JSON text of a string: how the service sends text, and a dynamic value (as a string holding its JSON). */
const q = (text: string): string => JSON.stringify(text)

const DYNAMIC: Column[] = [{ name: 'd', type: 'dynamic' }]

/** What the JSON writers make of one dynamic cell: the value's text in its record (the same in json and ndjson). */
function dynamicJson(raw: string): string {
  const ndjson = render('ndjson', DYNAMIC, [[raw]]).text
  expect(ndjson.startsWith('{"d":'), ndjson).toBe(true)
  expect(ndjson.endsWith('}\n'), ndjson).toBe(true)
  const value = ndjson.slice(5, -2)
  expect(render('json', DYNAMIC, [[raw]]).text).toBe(`[\n{"d":${value}}\n]\n`)
  expect(() => JSON.parse(ndjson), ndjson).not.toThrow()
  return value
}

/**
 * What the CSV writer makes of one dynamic cell: the field as written, and its text read back (formulas kept: see 'csv
 * formulas').
 */
function dynamicCsv(raw: string): { field: string; text: string } {
  const csv = render('csv', DYNAMIC, [[raw]], 'keep').text
  expect(csv.startsWith('d\r\n')).toBe(true)
  const records = readCsv(csv)
  expect(records).toHaveLength(2)
  return { field: csv.slice(3, -2), text: records[1][0] }
}

describe('csv formulas', () => {
  const TEXT: Column[] = [{ name: 's', type: 'string' }]
  const field = (raw: string, csvFormulas: CsvFormulas = 'escape') =>
    render('csv', TEXT, [[raw]], csvFormulas).text.slice(3, -2)

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1', `"'+1"`],
    ['-1+2', `"'-1+2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['=1,2', `"'=1,2"`],
    ['-5', `"'-5"`]
  ])('escapes text %j in a string column', (text, expected) => {
    expect(field(JSON.stringify(text))).toBe(expected)
    expect(readCsv(`s\r\n${expected}\r\n`)[1][0]).toBe(`'${text}`)
  })

  it('escapes a trigger that arrives as a JSON escape', () => {
    expect(field(String.raw`"\tx"`)).toBe(`"'\tx"`)
    expect(field(String.raw`"\u003d1+1"`)).toBe(`"'=1+1"`)
    expect(field(String.raw`"=\"q\""`)).toBe(`"'=""q"""`)
  })

  it('leaves text with a trigger further in, and empty text', () => {
    expect(field('"a=b"')).toBe('a=b')
    expect(field('" =1"')).toBe(' =1')
    expect(field('""')).toBe('""')
    expect(field('null')).toBe('')
  })

  it('keeps every trigger with csv-formulas: keep', () => {
    for (const text of ['=HYPERLINK("x")', '+1', '-1+2', '@SUM', '\tx', '\rx']) {
      expect(readCsv(`s\r\n${field(JSON.stringify(text), 'keep')}\r\n`)[1][0]).toBe(text)
    }
    expect(field('"=1"', 'keep')).toBe('=1')
  })

  it('never touches numbers, booleans, dates, guids, timespans or decimals', () => {
    const row = [
      '"-x"',
      'true',
      '"2015-12-31T23:59:59Z"',
      '-5',
      '-' + BIG,
      '-1.5e+10',
      '"74be27de-1e4e-49d9-b579-fe0b331d3642"',
      '"-00:00:01"',
      '"-1.5"',
      '"-7"'
    ]
    expect(render('csv', COLUMNS, [row]).text.split('\r\n')[1]).toBe(
      `"'-x",true,2015-12-31T23:59:59Z,-5,-${BIG},-1.5e+10,74be27de-1e4e-49d9-b579-fe0b331d3642,-00:00:01,-1.5,-7`
    )
  })

  it('escapes dynamic text unless it is a JSON number', () => {
    const dyn = render('csv', DYNAMIC, [
      ['"-7"'],
      ['"-1.5e3"'],
      ['-2'],
      [q("=cmd|' /C calc'!A0")],
      ['"-1+2"'],
      ['"+5"']
    ]).text
    expect(dyn).toBe(`d\r\n-7\r\n-1.5e3\r\n-2\r\n"'=cmd|' /C calc'!A0"\r\n"'-1+2"\r\n"'+5"\r\n`)
  })

  it('escapes in a column of a type it does not know', () => {
    expect(render('csv', [{ name: 'x', type: 'newtype' }], [['"@x"']]).text).toBe(`x\r\n"'@x"\r\n`)
  })
})

describe('dynamic cells', () => {
  it('give an object held in a string as the object', () => {
    const raw = String.raw`"{\"a\":123,\"b\":\"hello\",\"c\":[1,2,3],\"d\":{}}"`
    expect(dynamicJson(raw)).toBe('{"a":123,"b":"hello","c":[1,2,3],"d":{}}')
    expect(JSON.parse(dynamicJson(raw))).toEqual({ a: 123, b: 'hello', c: [1, 2, 3], d: {} })
    expect(dynamicCsv(raw)).toEqual({
      field: '"{""a"":123,""b"":""hello"",""c"":[1,2,3],""d"":{}}"',
      text: '{"a":123,"b":"hello","c":[1,2,3],"d":{}}'
    })
  })

  it('give an array held in a string as the array', () => {
    expect(dynamicJson(q('[1,"two",null,[3]]'))).toBe('[1,"two",null,[3]]')
    expect(dynamicCsv(q('[1,"two",null,[3]]')).text).toBe('[1,"two",null,[3]]')
  })

  it.each([
    ['42', '42'],
    ['-1.5e3', '-1.5e3'],
    ['0', '0'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    [' 7 ', '7'],
    ['\r\n\t12\n', '12']
  ])('give number and literal text %j as the JSON value %s', (inner, json) => {
    expect(dynamicJson(q(inner))).toBe(json)
    // CSV writes the text the dynamic holds (a dynamic holding the text "null" is not an empty cell).
    expect(dynamicCsv(q(inner)).text).toBe(inner)
  })

  it.each([
    'boundedElastic-1',
    'com.azure.messaging.eventhubs.EventHubProducerAsyncClient',
    'Sending batch, to be "distributed".',
    '',
    ' ',
    'nullable',
    'trueish',
    'falsehood',
    '12abc',
    '-',
    '{not json',
    '[1,',
    '[1,]',
    '{"a":1}}',
    'NaN',
    'Infinity',
    '"quoted"',
    ' "quoted" ',
    '01',
    'text with\nnewline',
    'é ✓ 𝄞'
  ])('keep the plain string %j as the original JSON string', inner => {
    const raw = q(inner)
    expect(dynamicJson(raw)).toBe(raw)
    expect(JSON.parse(dynamicJson(raw))).toBe(inner)
    expect(dynamicCsv(raw).text).toBe(inner)
  })

  it('pass cells that are not strings through unchanged', () => {
    for (const raw of ['5', 'true', 'false', '{"a":1}', '[1,2]', '9007199254740993', '-1.5e+10']) {
      expect(dynamicJson(raw), raw).toBe(raw)
      expect(dynamicCsv(raw).text, raw).toBe(raw)
    }
    expect(dynamicJson('null')).toBe('null')
    expect(dynamicCsv('null')).toEqual({ field: '', text: '' })
  })

  it.each([
    [String.raw`"{\"a\":1}"`, '{"a":1}'],
    ['"boundedElastic-1"', 'boundedElastic-1'],
    ['""', ''],
    ['null', ''],
    ['5', '5'],
    ['true', 'true'],
    ['{"a":1}', '{"a":1}'],
    [q('{\n  "a": 1\n}'), '{\n  "a": 1\n}']
  ])('write %s in CSV as the text %j', (raw, text) => {
    expect(dynamicCsv(raw).text).toBe(text)
  })

  it('compact multi-line JSON onto one line, keeping spaces inside strings', () => {
    const inner =
      '{\r\n  "message": "two  spaces\\tand a tab, and a\\nbreak",\n\t"list": [\n    1,\n    2\n  ],\n  "empty": { }\n}\n'
    const out = dynamicJson(q(inner))
    expect(out).toBe('{"message":"two  spaces\\tand a tab, and a\\nbreak","list":[1,2],"empty":{}}')
    expect(out).not.toMatch(/[\r\n]/)
    expect(JSON.parse(out)).toEqual(JSON.parse(inner))
    // CSV keeps the text as the dynamic holds it.
    expect(dynamicCsv(q(inner)).text).toBe(inner)
  })

  it('compact JSON spaced on one line too', () => {
    expect(dynamicJson(q('{"a": 1, "b": [ 1 , "x y" ]}'))).toBe('{"a":1,"b":[1,"x y"]}')
    expect(dynamicJson(q(' [ ] '))).toBe('[]')
  })

  it('keep strings holding quotes and backslashes intact while compacting', () => {
    const value = { path: 'C:\\Windows\\ "x" ', q: '\\', end: 'a \\" b', spaced: ' { } [ ] , : ' }
    const inner = JSON.stringify(value, null, 2)
    const out = dynamicJson(q(inner))
    expect(out).toBe(JSON.stringify(value))
    expect(JSON.parse(out)).toEqual(value)
  })

  it('keep the digits of large numbers', () => {
    expect(dynamicJson(q('{"id":9007199254740993,"f":0.1000000000000000055511151231257827}'))).toBe(
      '{"id":9007199254740993,"f":0.1000000000000000055511151231257827}'
    )
    expect(dynamicJson(q('[\n  12345678901234567890\n]'))).toBe('[12345678901234567890]')
    expect(dynamicJson(q('9007199254740993'))).toBe('9007199254740993')
    expect(dynamicCsv(q('[\n  12345678901234567890\n]')).text).toBe('[\n  12345678901234567890\n]')
  })

  it('read escaped unicode in the cell and keep it in the inner JSON', () => {
    // Escapes of the cell itself (\u00e9, a surrogate pair) become the characters.
    const outer = String.raw`"{\"a\":\"\u00e9\ud83d\ude00\",\"b\":\"✓\"}"`
    expect(dynamicJson(outer)).toBe('{"a":"é😀","b":"✓"}')
    expect(dynamicCsv(outer).text).toBe('{"a":"é😀","b":"✓"}')
    expect(dynamicJson(String.raw`"{ \"a\" : \"\u00E9\" }"`)).toBe('{"a":"é"}')
    // Escapes within the inner JSON stay escapes: the text is JSON either way.
    const inner = q(String.raw`{"a":"\u00e9\ud83d\ude00"}`)
    expect(dynamicJson(inner)).toBe(String.raw`{"a":"\u00e9\ud83d\ude00"}`)
    expect(JSON.parse(dynamicJson(inner))).toEqual({ a: 'é😀' })
    expect(dynamicCsv(inner).text).toBe(String.raw`{"a":"\u00e9\ud83d\ude00"}`)
    // A lone surrogate cannot be UTF-8: it becomes U+FFFD.
    expect(dynamicJson(String.raw`"{\"a\":\"\ud83d\"}"`)).toBe('{"a":"\ufffd"}')
    // Plain text with escapes stays the string it was.
    const plain = String.raw`"caf\u00e9 \ud83d\ude00"`
    expect(dynamicJson(plain)).toBe(plain)
    expect(JSON.parse(dynamicJson(plain))).toBe('café 😀')
    expect(dynamicCsv(plain).text).toBe('café 😀')
  })

  it('write a dynamic holding "" as "" in JSON and as `""` in CSV', () => {
    expect(dynamicJson('""')).toBe('""')
    expect(dynamicCsv('""')).toEqual({ field: '""', text: '' })
    expect(dynamicCsv('null')).toEqual({ field: '', text: '' })
  })

  it('always give JSON text on one line', () => {
    const inners = [
      '{"a":1}',
      ' [ 1 , 2 ] ',
      '{\n"a" : "b c"\n}',
      'text with\nnewline',
      '42\n',
      '\n\n',
      '[1,\n2',
      '{"a":"\\u00e9"}',
      '"just a string"',
      '\r\n"x"\r\n'
    ]
    for (const inner of inners) {
      const out = dynamicJson(q(inner))
      expect(() => JSON.parse(out), inner).not.toThrow()
      expect(out, inner).not.toMatch(/[\r\n]/)
    }
  })

  it('keep text with leading non-JSON white space as the string it is, valid JSON', () => {
    for (const inner of ['\u00a0[1,\n2]', '\uFEFF{"a":\n1}', '\u00a0{}', '[1]\u00a0', '\u2028[1]']) {
      for (const raw of [q(inner), allEscaped(inner)]) {
        const out = dynamicJson(raw)
        expect(out, raw).toBe(raw)
        expect(JSON.parse(out), raw).toBe(inner)
        expect(dynamicCsv(raw).text, raw).toBe(inner)
      }
    }
  })
})

/** A JSON string literal writing every character as a \u escape. */
function allEscaped(text: string): string {
  return `"${[...text].map(c => [...c].map((_, i) => '\\u' + c.charCodeAt(i).toString(16).padStart(4, '0')).join('')).join('')}"`
}

/** The value a dynamic cell holds, worked out with JSON.parse: the JSON inside a string when there is one. */
function dynamicValue(raw: string): unknown {
  const value = JSON.parse(raw) as unknown
  if (typeof value !== 'string') return value
  const inner = value.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '')
  if (inner.startsWith('"')) return value
  try {
    return JSON.parse(inner) as unknown
  } catch {
    return value
  }
}

/**
 * The records a JSON writer must give for rows of raw cells, by JSON.parse (exact for numbers JavaScript holds
 * exactly).
 */
function expectedRecords(columns: readonly Column[], rows: readonly (readonly string[])[]): Record<string, unknown>[] {
  return rows.map(row => {
    const record: Record<string, unknown> = {}
    columns.forEach((column, i) => {
      const raw = row[i]
      record[column.name] = raw === undefined ? null : column.type === 'dynamic' ? dynamicValue(raw) : JSON.parse(raw)
    })
    return record
  })
}

/** The CSV fields a row must give: the text of each cell (a dynamic's text as it holds it), null as nothing. */
function expectedFields(row: readonly string[], width: number): string[] {
  return Array.from({ length: width }, (_, i) => {
    const raw = row[i]
    if (raw === undefined || raw === 'null') return ''
    const value = JSON.parse(raw) as unknown
    return typeof value === 'string' ? value : raw
  })
}

describe('large output', () => {
  const MB = 1 << 20

  it('writes a row larger than 1 MB (one 1.6 MB cell) whole, in every format', () => {
    const columns: Column[] = [
      { name: 's', type: 'string' },
      { name: 'd', type: 'dynamic' },
      { name: 'n', type: 'long' }
    ]
    const text = 'a "quote", \\ é✓𝄞\nline\t'.repeat(50_000)
    const object = { list: Array.from({ length: 20_000 }, (_, i) => ({ i, s: `v ${i}, "é"` })) }
    const bigString = q(text)
    const bigDynamic = q(JSON.stringify(object, null, 2))
    expect(Buffer.byteLength(bigString)).toBeGreaterThan(1.5 * MB)
    expect(Buffer.byteLength(bigDynamic)).toBeGreaterThan(MB)
    const rows = [
      ['"before"', 'null', '1'],
      [bigString, q(JSON.stringify(object)), '2'],
      ['"small"', bigDynamic, BIG],
      ['"after"', q('{"x":1}'), '4']
    ]

    const json = render('json', columns, rows)
    const records = JSON.parse(json.text) as Record<string, unknown>[]
    expect(records.map(record => record.s)).toEqual(['before', text, 'small', 'after'])
    expectSame(records[1].d, object)
    expectSame(records[2].d, object)
    expect(records[3]).toEqual({ s: 'after', d: { x: 1 }, n: 4 })
    expect(json.text).toContain(`"n":${BIG}}`)
    expect(json.text.split('\n')).toHaveLength(7)

    const ndjson = render('ndjson', columns, rows)
    const lines = ndjson.text.slice(0, -1).split('\n')
    expect(lines).toHaveLength(4)
    expect((JSON.parse(lines[1]) as Record<string, unknown>).s).toBe(text)
    expectSame((JSON.parse(lines[2]) as Record<string, unknown>).d, object)

    const csv = render('csv', columns, rows)
    expectSame(readCsv(csv.text), [['s', 'd', 'n'], ...rows.map(row => expectedFields(row, 3))])
  })

  it('writes many rows crossing the 1 MB chunks completely, in chunks of at most 1 MB', () => {
    const columns: Column[] = [
      { name: 'String', type: 'string' },
      { name: 'Bool', type: 'bool' },
      { name: 'Long', type: 'long' },
      { name: 'Real', type: 'real' },
      { name: 'Dynamic', type: 'dynamic' },
      { name: 'Time', type: 'datetime' }
    ]
    const rows = Array.from({ length: 8000 }, (_, i) => [
      i % 13 === 0 ? 'null' : q(`row ${i}, "é" ✓ ${'x'.repeat(i % 300)}`),
      i % 2 === 0 ? 'true' : 'false',
      String(i * 7919 - 100_000),
      String(i / 8),
      i % 17 === 0
        ? 'null'
        : q(JSON.stringify({ i, tags: ['a', 'b c'], nested: { x: i % 3 } }, null, i % 2 === 0 ? 2 : undefined)),
      q(new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString())
    ])
    const expected = expectedRecords(columns, rows)
    for (const format of ['json', 'ndjson'] as const) {
      const { text, chunks } = render(format, columns, rows)
      expect(chunks.length, format).toBeGreaterThan(2)
      for (const chunk of chunks) expect(chunk.length, format).toBeLessThanOrEqual(MB)
      const records =
        format === 'json'
          ? (JSON.parse(text) as unknown[])
          : text
              .slice(0, -1)
              .split('\n')
              .map(line => JSON.parse(line) as unknown)
      expect(records.length, format).toBe(rows.length)
      expectSame(records, expected, format)
    }
    const { text, chunks } = render('csv', columns, rows)
    expect(chunks.length).toBeGreaterThan(2)
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(MB)
    expectSame(readCsv(text), [
      columns.map(column => column.name),
      ...rows.map(row => expectedFields(row, columns.length))
    ])
  })

  it('writes 2,000 random rows of mixed types exactly as JSON.stringify would', () => {
    const columns: Column[] = [
      { name: 'String', type: 'string' },
      { name: 'Bool', type: 'bool' },
      { name: 'Int', type: 'int' },
      { name: 'Long', type: 'long' },
      { name: 'Real', type: 'real' },
      { name: 'DateTime', type: 'datetime' },
      { name: 'Guid', type: 'guid' },
      { name: 'Timespan', type: 'timespan' },
      { name: 'Decimal', type: 'decimal' },
      { name: 'Dynamic', type: 'dynamic' },
      { name: 'Other "dynamic", é', type: 'dynamic' }
    ]
    const next = random(2000)
    const alphabet = [
      'a',
      'Z',
      '0',
      ' ',
      ',',
      '"',
      '\\',
      '/',
      '\n',
      '\r',
      '\t',
      '\u0001',
      '\u001f',
      '\u007f',
      'é',
      '✓',
      '𝄞',
      '😀',
      '\u2028',
      '\u00a0',
      '{',
      ']',
      ':'
    ]
    const text = (): string => Array.from({ length: Math.floor(next() * 12) }, () => pick(next, alphabet)).join('')
    const number = (): number =>
      pick(next, [
        () => 0,
        () => Math.floor(next() * 2001) - 1000,
        () => (Math.floor(next() * 2 ** 31) - 2 ** 30) / 64,
        () => Math.floor(next() * 2 ** 53) * (next() < 0.5 ? -1 : 1),
        () => 2 ** 70,
        () => -(2 ** -20),
        () => 1e21 * Math.floor(next() * 9 + 1)
      ])()
    const json = (depth: number): unknown => {
      const r = next()
      if (depth > 0 && r < 0.25) return Array.from({ length: Math.floor(next() * 4) }, () => json(depth - 1))
      if (depth > 0 && r < 0.5)
        return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [text(), json(depth - 1)]))
      if (r < 0.7) return number()
      if (r < 0.8) return pick(next, [true, false, null])
      return text()
    }
    /** A dynamic cell and the value it stands for. */
    const dynamic = (): [string, unknown] => {
      const r = next()
      if (r < 0.1) return ['null', null]
      if (r < 0.2) {
        const plain = 'x' + text()
        return [q(plain), plain]
      }
      if (r < 0.3) {
        const value = json(2)
        return [JSON.stringify(value), value]
      }
      const value = json(3)
      // Text that is not JSON (it starts with a letter) stays the text.
      if (typeof value === 'string') return [q('x' + value), 'x' + value]
      const spaced = next() < 0.5
      return [q(spaced ? JSON.stringify(value, null, pick(next, [1, 2, '\t'])) : JSON.stringify(value)), value]
    }
    const nullable = <T>(make: () => T): T | null => (next() < 0.1 ? null : make())
    const rows: string[][] = []
    const records: Record<string, unknown>[] = []
    for (let r = 0; r < 2000; r++) {
      const values: unknown[] = [
        nullable(text),
        nullable(() => next() < 0.5),
        nullable(() => Math.floor(next() * 2 ** 32) - 2 ** 31),
        nullable(number),
        nullable(number),
        nullable(() => new Date(Math.floor(next() * 4e12)).toISOString()),
        nullable(
          () =>
            '74be27de-1e4e-49d9-b579-' +
            Math.floor(next() * 1e12)
              .toString(16)
              .padStart(12, '0')
        ),
        nullable(() => `${Math.floor(next() * 10)}.02:03:04.5`),
        nullable(() => String(number()))
      ]
      const row = values.map(value => JSON.stringify(value))
      for (let d = 0; d < 2; d++) {
        const [raw, value] = dynamic()
        row.push(raw)
        values.push(value)
      }
      // Some rows come shorter than the columns: the missing cells are null.
      const length = next() < 0.05 ? Math.floor(next() * columns.length) : columns.length
      rows.push(row.slice(0, length))
      records.push(Object.fromEntries(columns.map((column, i) => [column.name, i < length ? values[i] : null])))
    }
    const lines = records.map(record => JSON.stringify(record))
    expect(render('json', columns, rows).text).toBe(`[\n${lines.join(',\n')}\n]\n`)
    expect(render('ndjson', columns, rows).text).toBe(lines.map(line => line + '\n').join(''))
    const fields = rows.map(row => expectedFields(row, columns.length))
    expectSame(readCsv(render('csv', columns, rows, 'keep').text), [columns.map(column => column.name), ...fields])
    // Escaped, only text changes (the String column, and dynamic text that is not a JSON number): a `'` before what
    // starts like a formula.
    const formula = (field: string, type: string) =>
      (type === 'string' || type === 'dynamic') &&
      /^[=+\-@\t\r]/.test(field) &&
      !(type === 'dynamic' && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(field))
    const escaped = fields.map(row => row.map((field, i) => (formula(field, columns[i].type) ? `'${field}` : field)))
    expect(escaped.filter((row, i) => row[0] !== fields[i][0]).length).toBeGreaterThan(10)
    expectSame(readCsv(render('csv', columns, rows).text), [columns.map(column => column.name), ...escaped])
  })
})

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\nb', '"a\nb"'],
    ['a\rb', '"a\rb"'],
    ['"', '""""'],
    [' spaced ', ' spaced ']
  ])('%j → %j', (text, field) => {
    expect(csvField(text)).toBe(field)
  })
})
