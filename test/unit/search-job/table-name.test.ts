import { describe, expect, it } from 'vitest'
import { deriveSearchTableName, MAX_TABLE_NAME, searchTableProblem } from '../../../src/search-job/table-name.js'

describe('searchTableProblem', () => {
  it.each(['Heartbeat_SRCH', 'Nightly_Failures_2026_SRCH', `A${'b'.repeat(MAX_TABLE_NAME - 6)}_SRCH`])(
    'accepts %s',
    name => {
      expect(searchTableProblem(name)).toBeUndefined()
    }
  )

  it.each([
    ['Heartbeat', /does not end with _SRCH: a search job's results table must, such as Heartbeat_SRCH\./],
    ['Heartbeat_srch', /does not end with _SRCH \(in capitals\).*such as Heartbeat_SRCH/],
    ['failed-sign-ins', /such as failedsignins_SRCH/],
    ['Failed-Sign-ins_SRCH', /not a table name: use letters, digits and underscores, starting with a letter/],
    ['2026_Report_SRCH', /not a table name/],
    ['_Report_SRCH', /not a table name/],
    ['Réponses_SRCH', /not a table name/],
    [`A${'b'.repeat(MAX_TABLE_NAME - 5)}_SRCH`, /64 characters long; use at most 63/]
  ])('refuses %s', (name, problem) => {
    expect(searchTableProblem(name)).toMatch(problem)
  })
})

describe('deriveSearchTableName', () => {
  it('names the source table, the run and a random part', () => {
    expect(deriveSearchTableName('SigninLogs', '12345678901', 'a1b2c3')).toBe('SigninLogs_12345678901_a1b2c3_SRCH')
  })

  it('leaves the run out outside a workflow', () => {
    expect(deriveSearchTableName('Heartbeat', undefined, 'a1b2c3')).toBe('Heartbeat_a1b2c3_SRCH')
  })

  it('keeps only valid characters and starts with a letter', () => {
    expect(deriveSearchTableName('_My-App_CL', '42', 'ff00ff')).toBe('MyApp_CL_42_ff00ff_SRCH')
    expect(deriveSearchTableName('123', '42', 'ff00ff')).toBe('Search_42_ff00ff_SRCH')
  })

  it('shortens a long source table to stay a valid name', () => {
    const name = deriveSearchTableName('A'.repeat(100), '98765432109', 'abcdef')
    expect(name).toHaveLength(MAX_TABLE_NAME)
    expect(name.endsWith('_98765432109_abcdef_SRCH')).toBe(true)
    expect(searchTableProblem(name)).toBeUndefined()
  })

  it('always derives a name that searchTableProblem accepts', () => {
    for (const source of ['Heartbeat', 'x', 'AzureDiagnostics', 'a_b_c', 'Z'.repeat(70)]) {
      expect(searchTableProblem(deriveSearchTableName(source, '1', '000000'))).toBeUndefined()
    }
  })
})
