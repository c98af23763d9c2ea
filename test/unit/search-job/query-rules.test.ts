import { describe, expect, it } from 'vitest'
import { checkSearchJobQuery, SEARCH_JOB_OPERATORS } from '../../../src/search-job/query-rules.js'

describe('checkSearchJobQuery accepts what a search job runs', () => {
  it.each([
    ['a table alone', 'Heartbeat', 'Heartbeat'],
    ['a table with spaces and line breaks around it', '\n  SigninLogs  \n', 'SigninLogs'],
    [
      'every allowed operator',
      `AppExceptions\n${SEARCH_JOB_OPERATORS.map(op => `| ${op} x`).join('\n')}`,
      'AppExceptions'
    ],
    ['a pipe inside a string', "Syslog | where SyslogMessage has 'a | b' | project SyslogMessage", 'Syslog'],
    [
      'a pipe inside a double-quoted string with an escaped quote',
      'Syslog | where Msg == "say \\"|\\" twice" | extend n = 1',
      'Syslog'
    ],
    [
      'a verbatim string ending with a backslash',
      "Event | where Path startswith @'C:\\temp\\' | project Path",
      'Event'
    ],
    [
      'a verbatim string with a doubled quote and a pipe',
      "Event | where Text == @'it''s | here' | project Text",
      'Event'
    ],
    ['a pipe inside brackets', 'Event | where Id in (dynamic([1, 2]) | project x) | project Id', 'Event'],
    [
      'a comment holding a forbidden operator',
      'Heartbeat // | summarize count()\n| where Computer == "vm-1" // | take 1',
      'Heartbeat'
    ],
    [
      'a comment between pipe and operator',
      'Heartbeat\n| // keep the Linux ones\n  where OSType == "Linux"',
      'Heartbeat'
    ],
    ['a multi-line string holding a pipe', 'Heartbeat | parse Text with ```a | b\n| summarize``` rest', 'Heartbeat'],
    ['a trailing semicolon', 'Heartbeat | where Computer == "x";\n', 'Heartbeat'],
    ['a custom log table', 'MyApp_CL | project-away Secret', 'MyApp_CL']
  ])('%s', (_, query, table) => {
    expect(checkSearchJobQuery(query)).toEqual({ table })
  })
})

describe('checkSearchJobQuery refuses what the service would reject', () => {
  it.each([
    ['an aggregation', 'AppExceptions\n| where SeverityLevel > 2\n| summarize count()', /line 3 uses "summarize"/],
    ['take', 'Heartbeat | take 10', /line 1 uses "take"/],
    ['join', 'Heartbeat | join kind=inner (Syslog) on Computer', /uses "join"/],
    ['sort', 'Heartbeat | sort by TimeGenerated', /uses "sort"/],
    ['an operator in capitals', 'Heartbeat | WHERE Computer == "x"', /uses "WHERE"/],
    ['a pipe with nothing after it', 'Heartbeat | where A == 1 |', /line 1 has a '\|' with no operator after it/],
    ['union at the start', 'union Heartbeat, Syslog', /must start with a table name.*it starts with "union"/],
    ['search at the start', 'search "error"', /it starts with "search"/],
    ['a quoted table name', "['Heartbeat'] | where A == 1", /must start with a table name/],
    ['a pipe at the start', '| where A == 1', /it starts with "\|"/],
    ['a let statement', 'let t = 1d;\nHeartbeat | where TimeGenerated > ago(t)', /it starts with "let"/],
    ['two queries', 'Heartbeat;\nSyslog', /line 1 has a ';' with more after it/],
    ['an unclosed string', "Heartbeat | where Computer == 'vm-1", /string that opens on line 1 is not closed/],
    [
      'an unclosed multi-line string',
      'Heartbeat\n| parse Text with ```a',
      /multi-line string that opens on line 2 is not closed/
    ]
  ])('%s', (_, query, problem) => {
    const result = checkSearchJobQuery(query)
    expect(typeof result).toBe('string')
    expect(result).toMatch(problem)
    expect(result).not.toMatch(/\n/)
  })

  it('names the allowed operators when it refuses one', () => {
    expect(checkSearchJobQuery('Heartbeat | count')).toBe(
      'a search job accepts only where, extend, project, project-away, project-keep, project-rename, project-reorder, parse, parse-where ' +
        'after the table name; line 1 uses "count". Run it as a query (mode: query), or over the kept results table.'
    )
  })

  it('counts lines across strings and comments to point at the operator', () => {
    const query = "Syslog\n| where Msg == 'one'\n// | summarize\n| extend x = ```two\nthree```\n| render timechart"
    expect(checkSearchJobQuery(query)).toMatch(/line 6 uses "render"/)
  })
})
