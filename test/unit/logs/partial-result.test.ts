import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describePartial, partialConsequence } from '../../../src/logs/partial-result.js'
import type { ServiceError } from '../../../src/logs/service-error.js'

const recorded = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../contract/recorded/query-200-partial-error.response.json'), 'utf8')
) as { error: ServiceError }

describe('describePartial', () => {
  it('reads the recorded size-cap error as a truncation', () => {
    expect(describePartial(recorded.error)).toEqual({
      message:
        'Query result set has exceeded the internal data size limit 64000000 (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)',
      truncated: true
    })
  })

  it('reads the row cap as a truncation', () => {
    const error = {
      code: 'PartialError',
      message: 'x',
      details: [
        {
          code: 'EngineError',
          message: 'y',
          innererror: { code: '-1', message: 'Query result set has exceeded the internal record count limit 500000' }
        }
      ]
    }
    expect(describePartial(error).truncated).toBe(true)
  })

  it('does not take any other engine error for a truncation', () => {
    const error = {
      code: 'PartialError',
      message: 'x',
      details: [{ code: 'EngineError', message: 'Some shards failed (E_LOW_MEMORY_CONDITION)' }]
    }
    expect(describePartial(error)).toEqual({ message: 'Some shards failed (E_LOW_MEMORY_CONDITION)', truncated: false })
  })
})

describe('partialConsequence', () => {
  const partial = { message: 'cap reached', truncated: true }
  it('fails under on-partial: fail, saying whether the count is exact', () => {
    expect(partialConsequence(partial, 12, true, 'fail').fail).toBe(
      'The result is incomplete, so the step fails (on-partial: fail): cap reached — the query matches 12 rows (counted on the server).'
    )
    expect(partialConsequence(partial, 3, false, 'fail').fail).toMatch(
      /count \(3\) is only the rows that arrived and may be too low\.$/
    )
  })
  it('warns under on-partial: warn', () => {
    expect(partialConsequence(partial, 12, true, 'warn')).toEqual({
      warn: 'The result is incomplete: cap reached — the query matches 12 rows (counted on the server).'
    })
  })
  it('says nothing under on-partial: ignore', () => {
    expect(partialConsequence(partial, 12, true, 'ignore')).toEqual({})
  })
})
