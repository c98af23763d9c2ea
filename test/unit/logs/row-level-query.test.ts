import { describe, expect, it } from 'vitest'
import {
  isRowLevel,
  queryEnd,
  readRowLevelQuery,
  ROW_LEVEL_OPERATORS,
  type NotRowLevel,
  type RowLevelQuery
} from '../../../src/logs/row-level-query.js'

function rowLevel(query: string, lets = true): RowLevelQuery {
  const read = readRowLevelQuery(query, { lets })
  if (!isRowLevel(read)) throw new Error(`not row-level: ${JSON.stringify(read)}`)
  return read
}

/** `tableEnd` points just after the table's name (its last mention in `query`) in the text as written. */
function expectTableAt(query: string, table: string): void {
  expect(rowLevel(query)).toEqual({ table, tableEnd: query.lastIndexOf(table) + table.length })
}

describe('readRowLevelQuery reads the table of a row-level query', () => {
  it.each([
    ['a table alone', 'Heartbeat', 'Heartbeat', 9],
    ['white space around it', '\n  SigninLogs  \n', 'SigninLogs', 13],
    ['a custom log table', 'MyApp_CL | project-away Secret', 'MyApp_CL', 8],
    ['an underscore first', '_Internal | where A == 1', '_Internal', 9],
    ['steps on the next lines', 'AppRequests\n| where Success == false\n| project Name', 'AppRequests', 11],
    ['a comment before the table', '// all requests | summarize;\nAppRequests | extend a = 1', 'AppRequests', 40],
    ['a comment right after the table', 'Heartbeat// | take 1;\n| where A', 'Heartbeat', 9],
    ['a trailing semicolon', 'Heartbeat | where Computer == "x";\n', 'Heartbeat', 9],
    ['a trailing semicolon and a comment', 'Heartbeat | where A == 1; // done | count', 'Heartbeat', 9],
    ['CRLF line ends', 'Heartbeat\r\n| where A == 1\r\n| project A\r\n', 'Heartbeat', 9]
  ])('%s', (_, query, table, tableEnd) => {
    expect(readRowLevelQuery(query, { lets: true })).toEqual({ table, tableEnd })
    expect(readRowLevelQuery(query, { lets: false })).toEqual({ table, tableEnd })
    expect(query.slice(tableEnd - table.length, tableEnd)).toBe(table)
  })

  it('accepts every row-level operator, each on its own line', () => {
    expect(ROW_LEVEL_OPERATORS).toEqual([
      'where',
      'extend',
      'project',
      'project-away',
      'project-keep',
      'project-rename',
      'project-reorder',
      'parse',
      'parse-where'
    ])
    const query = `AppExceptions\n${ROW_LEVEL_OPERATORS.map(op => `| ${op} x`).join('\n')}`
    expect(readRowLevelQuery(query, { lets: false })).toEqual({ table: 'AppExceptions', tableEnd: 13 })
  })

  it.each([
    ['a pipe and a semicolon in a single-quoted string', "Syslog | where Msg has 'a | b; c' | project Msg"],
    ['an escaped quote before a pipe', 'Syslog | where Msg == "say \\"|\\"; twice" | extend n = 1'],
    ['an escaped backslash before the closing quote', "Syslog | where Path == 'C:\\\\' | extend n = 1"],
    ['a verbatim string ending with a backslash', "Syslog | where Path startswith @'C:\\temp\\' | project Path"],
    ['a verbatim string with a doubled quote', "Syslog | where Text == @'it''s | here;' | project Text"],
    ['a verbatim double-quoted string', 'Syslog | where Text == @"a ""|"" b;" | project Text'],
    ['a pipe and a semicolon in brackets', 'Syslog | where Id in (dynamic([1, 2]) | project x; y) | project Id'],
    ['comments holding operators', 'Syslog // | summarize count();\n| where A == 1 // | take 1\n// ; Other'],
    ['a comment between the pipe and the operator', 'Syslog\n| // keep the errors\n  where Level == "error"'],
    ['a multi-line string', 'Syslog\n| parse Text with ```a | b;\n| summarize\n// c``` rest\n| project rest'],
    ['slashes in a string', "Syslog | where Url == 'https://example.com/a|b' | project Url"],
    ['a quote inside a comment', "Syslog // it's fine\n| where A == 1"]
  ])('masks %s', (_, query) => {
    expect(readRowLevelQuery(query, { lets: false })).toEqual({ table: 'Syslog', tableEnd: 6 })
  })
})

describe('readRowLevelQuery with leading let statements', () => {
  it('finds the table after the lets, in the original text', () => {
    const query = "let since = ago(1d);\nlet name = 'a | b; c';\nAppRequests\n| where TimeGenerated > since"
    const read = rowLevel(query)
    expect(read.table).toBe('AppRequests')
    expect(read.tableEnd).toBe(query.indexOf('AppRequests') + 'AppRequests'.length)
  })

  it('skips lets whose bodies hold brackets, pipes and semicolons', () => {
    const query =
      'let f = (n: int) { Other | where N == n; };\n' +
      'let v = view () { datatable(x: int) [1] | project x };\n// note; | take\nlet s = ```multi\n;line```;\n' +
      'Heartbeat | where A == 1;\n'
    expect(rowLevel(query)).toEqual({ table: 'Heartbeat', tableEnd: query.indexOf('Heartbeat') + 9 })
  })

  it('takes a table whose name starts with "let"', () => {
    expect(rowLevel('letters | where A == 1')).toEqual({ table: 'letters', tableEnd: 7 })
    expect(rowLevel('let_log | where A == 1', false)).toEqual({ table: 'let_log', tableEnd: 7 })
  })

  it('finds the table name after a comment that holds it, on the same line as the last let', () => {
    const query = 'let a = 1; // Heartbeat\n  Heartbeat\n| where x == a'
    expect(rowLevel(query).tableEnd).toBe(query.lastIndexOf('Heartbeat') + 9)
  })

  it('refuses a let statement as the source when lets are not allowed', () => {
    expect(readRowLevelQuery('let t = 1d;\nHeartbeat | where TimeGenerated > ago(t)', { lets: false })).toEqual({
      kind: 'source',
      first: 'let'
    })
    expect(readRowLevelQuery('  // c\n  let t = 1d;\nHeartbeat', { lets: false })).toEqual({
      kind: 'source',
      first: 'let'
    })
  })

  it('refuses a let without a semicolon: the query is then the let statement', () => {
    expect(readRowLevelQuery('let t = 1d\nHeartbeat', { lets: true })).toEqual({ kind: 'source', first: 'let' })
  })
})

describe('readRowLevelQuery says why a query is not row-level', () => {
  it.each<[string, string, boolean, NotRowLevel]>([
    [
      'an unclosed string',
      "Heartbeat\n| where Computer == 'vm-1",
      true,
      { kind: 'unreadable', message: 'the string that opens on line 2 is not closed.' }
    ],
    [
      'a string broken by a line break',
      'Heartbeat\n| where a == "x\ny"',
      true,
      { kind: 'unreadable', message: 'the string that opens on line 2 is not closed.' }
    ],
    [
      'an unclosed multi-line string after another',
      'Heartbeat\n| parse Text with ```a\nb``` rest\n| where x == ```c',
      true,
      { kind: 'unreadable', message: 'the multi-line string that opens on line 4 is not closed.' }
    ],
    [
      'an unclosed string after a let',
      "let a = 'x';\nlet b = 'y",
      true,
      { kind: 'unreadable', message: 'the string that opens on line 2 is not closed.' }
    ],
    ['union', 'union Heartbeat, Syslog', true, { kind: 'source', first: 'union' }],
    ['search', 'search "error"', false, { kind: 'source', first: 'search' }],
    ['a quoted table name', "['Heartbeat'] | where A == 1", true, { kind: 'source', first: "['Heartbeat']" }],
    ['a table in brackets', '(Heartbeat) | where A', true, { kind: 'source', first: '(Heartbeat)' }],
    ['a pipe first', '| where A == 1', true, { kind: 'source', first: '|' }],
    ['a comment, then a pipe', '// x\n  | where A == 1', false, { kind: 'source', first: '|' }],
    ['a function call', 'MyFunction(1) | where A', true, { kind: 'source', first: 'MyFunction(1)' }],
    ['a source after lets', 'let a = 1;\nprint x = a', true, { kind: 'source', first: 'print' }],
    ['two queries', 'Heartbeat;\nSyslog', false, { kind: 'statements', line: 1 }],
    ['a second query after lines', 'Heartbeat\n| where A == 1\n;\n\nSyslog', true, { kind: 'statements', line: 3 }],
    [
      'a let after the query',
      'let a = 1;\nHeartbeat | where x == a;\nlet b = 2',
      true,
      { kind: 'statements', line: 2 }
    ],
    [
      'a second query after a string with a semicolon',
      "Heartbeat | where a == ';'\n| project a;\nSyslog",
      true,
      { kind: 'statements', line: 2 }
    ],
    ['a pipe with nothing after it', 'Heartbeat | where A == 1 |', true, { kind: 'empty-step', line: 1 }],
    ['two pipes', 'Heartbeat\n| where A == 1\n|\n| project A', true, { kind: 'empty-step', line: 3 }],
    ['a pipe before a comment only', 'Heartbeat\n| // nothing\n', true, { kind: 'empty-step', line: 2 }],
    [
      'an aggregation',
      'AppExceptions\n| where SeverityLevel > 2\n| summarize count()',
      true,
      { kind: 'operator', line: 3, operator: 'summarize' }
    ],
    ['take', 'Heartbeat | take 10', false, { kind: 'operator', line: 1, operator: 'take' }],
    ['an operator in capitals', 'Heartbeat | WHERE A == "x"', true, { kind: 'operator', line: 1, operator: 'WHERE' }],
    [
      'render, its line counted across strings and comments',
      "Syslog\n| where Msg == 'one'\n// | summarize\n| extend x = ```two\nthree```\n| render timechart",
      true,
      { kind: 'operator', line: 6, operator: 'render' }
    ],
    [
      'an operator on the line after its pipe',
      'let a = 1;\nlet b = 2;\nT\n| where x == a\n|\n  join (U) on x',
      true,
      { kind: 'operator', line: 5, operator: 'join' }
    ],
    [
      'the first bad step of several',
      'T | sort by A | take 1 | summarize count()',
      true,
      { kind: 'operator', line: 1, operator: 'sort' }
    ]
  ])('%s', (_, query, lets, why) => {
    const read = readRowLevelQuery(query, { lets })
    expect(read).toEqual(why)
    expect(isRowLevel(read)).toBe(false)
  })

  it('is row-level only with a table', () => {
    expect(isRowLevel(readRowLevelQuery('T', { lets: false }))).toBe(true)
    expect(isRowLevel({ kind: 'source', first: 'T' })).toBe(false)
  })
})

describe('tableEnd', () => {
  it('is after the table name in the original text whatever stands before it', () => {
    expectTableAt('  Heartbeat | where A', 'Heartbeat')
    expectTableAt("let x = 'Heartbeat';\nHeartbeat | where A == x", 'Heartbeat')
    expectTableAt("let x = '✓ 𝄞 | ;'; // 𝄞 Heartbeat\n\tHeartbeat | where A == x", 'Heartbeat')
    expectTableAt('let x = ```Heartbeat\n𝄞```;\nHeartbeat\n| where A == x', 'Heartbeat')
  })
})

describe('queryEnd', () => {
  it.each([
    ['Heartbeat', 'Heartbeat'],
    ['Heartbeat | where A == 1;', 'Heartbeat | where A == 1'],
    ['Heartbeat | where A == 1; // done\n// more\n\n', 'Heartbeat | where A == 1'],
    ['Heartbeat | where A == 1 // done; | take 1', 'Heartbeat | where A == 1'],
    ['Heartbeat;;\n ;', 'Heartbeat'],
    ["Heartbeat | where A == ';'", "Heartbeat | where A == ';'"],
    ["Heartbeat | where A == 'x // y'  ", "Heartbeat | where A == 'x // y'"],
    ['Heartbeat | where A == ```x\n// y;```\n', 'Heartbeat | where A == ```x\n// y;```'],
    ['let a = 1;\nT | where b == a\r\n', 'let a = 1;\nT | where b == a'],
    ['// nothing\n', '']
  ])('ends %j after %j', (query, kept) => {
    expect(queryEnd(query)).toBe(kept.length)
    expect(query.slice(0, queryEnd(query))).toBe(kept)
  })

  it('is undefined for a query with an unclosed string', () => {
    expect(queryEnd("Heartbeat | where A == 'x;")).toBeUndefined()
  })
})
