import { describe, expect, it } from 'vitest'
import { countQuery } from '../../src/logs/count-query.js'

describe('countQuery', () => {
  it.each([
    ['AppExceptions', 'AppExceptions\n| count'],
    ["AppExceptions\n| where AppRoleName == 'api'\n", "AppExceptions\n| where AppRoleName == 'api'\n| count"],
    ['T | summarize count() by bin(TimeGenerated, 1h)\n| render timechart', 'T | summarize count() by bin(TimeGenerated, 1h)\n| count'],
    ["T\n| render columnchart with (title='Errors')", 'T\n| count'],
    ['T | take 10 // last ten\n// trailing note\n', 'T | take 10 // last ten\n| count'],
    ['let x = 5;\nT | where n > x;', 'let x = 5;\nT | where n > x\n| count']
  ])('counts %j as %j', (query, expected) => {
    expect(countQuery(query)).toBe(expected)
  })

  it('keeps a comment on the last line from swallowing the count', () => {
    expect(countQuery('T // all of it').endsWith('\n| count')).toBe(true)
  })
})
