import { describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/common/errors.js'
import { countQuery, serverCount } from '../../../src/logs/count-query.js'

describe('countQuery', () => {
  it.each([
    ['AppExceptions', 'AppExceptions\n| count'],
    ["AppExceptions\n| where AppRoleName == 'api'\n", "AppExceptions\n| where AppRoleName == 'api'\n| count"],
    [
      'T | summarize count() by bin(TimeGenerated, 1h)\n| render timechart',
      'T | summarize count() by bin(TimeGenerated, 1h)\n| count'
    ],
    ["T\n| render columnchart with (title='Errors')", 'T\n| count'],
    ['T | take 10 // last ten\n// trailing note\n', 'T | take 10\n| count'],
    ['let x = 5;\nT | where n > x;', 'let x = 5;\nT | where n > x\n| count'],
    ['T | where n > 1; // done', 'T | where n > 1\n| count'],
    ["T | where Url == 'https://x//y'\n", "T | where Url == 'https://x//y'\n| count"]
  ])('counts %j as %j', (query, expected) => {
    expect(countQuery(query)).toBe(expected)
  })

  it('keeps a comment on the last line from swallowing the count', () => {
    expect(countQuery('T // all of it').endsWith('\n| count')).toBe(true)
  })
})

describe('serverCount', () => {
  it('reads the service count as a whole number of rows', () => {
    expect(serverCount('0')).toBe(0)
    expect(serverCount('1234567')).toBe(1234567)
    expect(serverCount(undefined)).toBeUndefined()
  })

  it.each(['-1', '1.5', '1e3', '"12"', 'null', 'true', '9007199254740993', '123456789012345678901234567890'])(
    'refuses %s as a malformed answer',
    raw => {
      expect(() => serverCount(raw)).toThrow(ActionError)
      expect(() => serverCount(raw)).toThrow(
        /^The service's answer was malformed: it counted .+ rows, which is not a whole number of rows from 0 to 9007199254740991\.$/
      )
    }
  )
})
