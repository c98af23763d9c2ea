import { describe, expect, it } from 'vitest'
import { conditionSentences, MAX_EXAMPLES } from '../../../src/evaluation/condition-tally.js'

describe('conditionSentences', () => {
  it('fails with fail-if and warns with warn-if, each naming its matches', () => {
    expect(
      conditionSentences({
        rows: 4,
        fail: { matched: 1, examples: ['AppRoleName=api (p95 912.4)'] },
        warn: { matched: 2, examples: ['AppRoleName=web (p95 500)', 'AppRoleName=db (p95 610)'] }
      })
    ).toEqual({
      failures: ['fail-if matched 1 of 4 rows: AppRoleName=api (p95 912.4)'],
      warnings: ['warn-if matched 2 of 4 rows: AppRoleName=web (p95 500); AppRoleName=db (p95 610)'],
      passes: []
    })
  })

  it(`names the first ${MAX_EXAMPLES} matches, then how many more`, () => {
    const examples = ['a', 'b', 'c'].slice(0, MAX_EXAMPLES)
    expect(conditionSentences({ rows: 9, fail: { matched: 7, examples } }).failures).toEqual([
      `fail-if matched 7 of 9 rows: ${examples.join('; ')}; and ${7 - MAX_EXAMPLES} more`
    ])
  })

  it('holds a condition that matched none, and says nothing of one not set', () => {
    expect(conditionSentences({ rows: 1, warn: { matched: 0, examples: [] } })).toEqual({
      failures: [],
      warnings: [],
      passes: ['warn-if matched none of 1 row']
    })
    expect(conditionSentences({ rows: 0 })).toEqual({ failures: [], warnings: [], passes: [] })
  })
})
