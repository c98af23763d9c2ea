import { describe, expect, it } from 'vitest'
import { conditionSentences, type ConditionSettings } from '../../../src/evaluation/condition-tally.js'
import {
  baselineValues,
  conditionProblem,
  readsBaseline,
  RowConditions,
  type BaselineFor
} from '../../../src/evaluation/conditions.js'
import type { Column } from '../../../src/wire/columns.js'
import { rowCells } from '../fixtures/row-cells.js'

const SERVICES: Column[] = [
  { name: 'AppRoleName', type: 'string' },
  { name: 'errorRate', type: 'real' },
  { name: 'p95', type: 'real' },
  { name: 'odd name', type: 'string' },
  { name: 'requests', type: 'long' }
]

const ROWS = [
  ['"api"', '0.031', '912.4', '"x"', '100'],
  ['"web"', '0.01', '300', '"y"', '200'],
  ['"worker"', '0.05', '100', '"x"', '300'],
  ['"db"', '0', '850', '"z"', '400'],
  ['"auth"', '0.001', '200', '"x"', '500']
]

/** Runs the conditions over `rows` of `columns`, as the collector would, and returns the tally. */
function judge(settings: ConditionSettings, columns: Column[], rows: string[][], baselineFor?: BaselineFor) {
  const conditions = new RowConditions(settings, baselineFor)
  conditions.begin(columns)
  for (const row of rows) conditions.row(rowCells(row))
  return conditions.tally()
}

describe('conditionProblem (before any request)', () => {
  it('passes an expression that compiles to true or false, whatever its columns', () => {
    expect(conditionProblem('errorRate > 0.02 || p95 > 800')).toBeUndefined()
    expect(conditionProblem("row['odd name'] == 'x' && count > 2")).toBeUndefined()
    expect(conditionProblem('!has(baseline.errorRate) || errorRate > 2.0 * baseline.errorRate')).toBeUndefined()
  })

  it('names a syntax error with its column', () => {
    expect(conditionProblem('errorRate >')).toBe('Unexpected token: EOF at column 12 of "errorRate >"')
  })

  it('refuses an expression that can never be true or false, and a type error on the built-in variables', () => {
    expect(conditionProblem('1 + 2')).toBe('gives int, not true or false: write a comparison, such as errorRate > 0.02')
    expect(conditionProblem('count + 1.0 > 2.0')).toMatch(/^no such overload: int \+ double at column 1/)
  })
})

describe('RowConditions', () => {
  it('fails on the rows fail-if matches, naming them by their string columns with the values read', () => {
    const tally = judge({ failIf: 'errorRate > 0.02 || p95 > 800' }, SERVICES, ROWS)
    expect(tally).toEqual({
      rows: 5,
      fail: {
        matched: 3,
        examples: [
          'AppRoleName=api, odd name=x (errorRate 0.031, p95 912.4)',
          'AppRoleName=worker, odd name=x (errorRate 0.05, p95 100)',
          'AppRoleName=db, odd name=z (errorRate 0, p95 850)'
        ]
      }
    })
    expect(conditionSentences(tally).failures).toEqual([
      'fail-if matched 3 of 5 rows: AppRoleName=api, odd name=x (errorRate 0.031, p95 912.4); AppRoleName=worker, odd name=x (errorRate 0.05, p95 100); AppRoleName=db, odd name=z (errorRate 0, p95 850)'
    ])
  })

  it('shows the first 3 matches, then how many more', () => {
    const tally = judge({ warnIf: 'requests >= 100' }, SERVICES, ROWS)
    expect(tally.warn?.matched).toBe(5)
    expect(conditionSentences(tally)).toEqual({
      failures: [],
      warnings: [
        'warn-if matched 5 of 5 rows: AppRoleName=api, odd name=x (requests 100); AppRoleName=web, odd name=y (requests 200); AppRoleName=worker, odd name=x (requests 300); and 2 more'
      ],
      passes: []
    })
  })

  it('holds when nothing matches, and compares int and double in both orders', () => {
    const tally = judge({ failIf: 'p95 > 1000', warnIf: '1000 < p95 || requests > 600.5' }, SERVICES, ROWS)
    expect(conditionSentences(tally)).toEqual({
      failures: [],
      warnings: [],
      passes: ['fail-if matched none of 5 rows', 'warn-if matched none of 5 rows']
    })
  })

  it('reads any column through row, by its name', () => {
    const tally = judge({ failIf: "row['odd name'] == 'z' || row.AppRoleName == 'web'" }, SERVICES, ROWS)
    expect(tally.fail).toEqual({ matched: 2, examples: ['AppRoleName=web, odd name=y', 'AppRoleName=db, odd name=z'] })
    expect(judge({ failIf: "size(row) == 5 && 'odd name' in row" }, SERVICES, ROWS.slice(0, 1)).fail?.matched).toBe(1)
  })

  it('compares a long beyond 2^53 exactly', () => {
    const columns: Column[] = [{ name: 'Bytes', type: 'long' }]
    const rows = [['9007199254740993'], ['9007199254740992']]
    expect(judge({ failIf: 'Bytes == 9007199254740993' }, columns, rows).fail?.matched).toBe(1)
    expect(judge({ failIf: 'Bytes > 9007199254740992' }, columns, rows).fail).toEqual({
      matched: 1,
      examples: ['row 1 (Bytes 9007199254740993)']
    })
  })

  it('reads datetime as a timestamp, timespan as a duration, dynamic as its JSON value, decimal as a double, guid as a string', () => {
    const columns: Column[] = [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Elapsed', type: 'timespan' },
      { name: 'Properties', type: 'dynamic' },
      { name: 'Cost', type: 'decimal' },
      { name: 'Id', type: 'guid' },
      { name: 'Ok', type: 'bool' }
    ]
    const row = [
      '"2026-02-01T10:00:00.1234567Z"',
      '"1.02:03:04.5"',
      '"{\\"n\\":[1,2],\\"region\\":\\"westeurope\\"}"',
      '"0.10101"',
      '"74be27de-1e4e-49d9-b579-fe0b331d3642"',
      'false'
    ]
    const holds = (failIf: string) => judge({ failIf }, columns, [row]).fail?.matched === 1
    expect(
      holds("TimeGenerated > timestamp('2026-02-01T09:59:59Z') && TimeGenerated < timestamp('2026-02-01T10:00:01Z')")
    ).toBe(true)
    expect(holds("Elapsed == duration('26h3m4.5s')")).toBe(true)
    expect(holds("Elapsed > duration('26h3m5s')")).toBe(false)
    expect(holds("Properties.region == 'westeurope' && Properties.n[1] == 2 && size(Properties.n) == 2")).toBe(true)
    expect(holds('Cost > 0.1 && Cost < 0.102')).toBe(true)
    expect(holds("Id.startsWith('74be') && !Ok")).toBe(true)
  })

  it('reads a negative timespan', () => {
    const columns: Column[] = [{ name: 'Elapsed', type: 'timespan' }]
    expect(judge({ failIf: "Elapsed == duration('-1s')" }, columns, [['"-00:00:01"']]).fail?.matched).toBe(1)
  })

  it('reads an empty cell as null; comparing it to a number is an error naming the row, never a pass', () => {
    const rows = [['"api"', 'null', '912.4', '"x"', '100']]
    expect(judge({ failIf: 'errorRate == null' }, SERVICES, rows).fail?.matched).toBe(1)
    expect(judge({ failIf: 'errorRate != null && errorRate > 0.02' }, SERVICES, rows).fail?.matched).toBe(0)
    expect(judge({ failIf: 'errorRate > 0.02' }, SERVICES, rows)).toEqual({
      rows: 1,
      fail: { matched: 0, examples: [] },
      error:
        'fail-if could not be judged on AppRoleName=api, odd name=x (errorRate null): no such overload: dyn<null> > double'
    })
  })

  it('stops judging at the first error, and still counts the rows', () => {
    const tally = judge({ failIf: 'p95 > 800 || AppRoleName > 1' }, SERVICES, ROWS)
    expect(tally).toEqual({
      rows: 5,
      fail: { matched: 1, examples: ['AppRoleName=api, odd name=x (p95 912.4)'] },
      error: 'fail-if could not be judged on AppRoleName=web, odd name=y (p95 300): no such overload: dyn<string> > int'
    })
  })

  it('reads a real that is not a number as NaN, which is above or below nothing', () => {
    expect(
      judge({ failIf: 'errorRate > 0.02 || errorRate <= 0.02' }, SERVICES, [['"api"', '"NaN"', '1', '"x"', '1']]).fail
        ?.matched
    ).toBe(0)
  })

  it('is an error when the result has no such column, naming it and the columns', () => {
    expect(judge({ failIf: 'errorRat > 0.02' }, SERVICES, ROWS).error).toBe(
      'fail-if reads errorRat, which is not a column of the result (its columns: AppRoleName, errorRate, p95, odd name, requests)'
    )
    expect(judge({ warnIf: "row['missing'] == 1" }, SERVICES, []).error).toBe(
      'warn-if reads row["missing"], which is not a column of the result (its columns: AppRoleName, errorRate, p95, odd name, requests)'
    )
  })

  it('is an error when the expression gives something other than true or false on a row', () => {
    const columns: Column[] = [{ name: 'Properties', type: 'dynamic' }]
    expect(judge({ failIf: 'Properties' }, columns, [['"{\\"a\\":1}"']]).error).toBe(
      'fail-if could not be judged on row 1 (Properties {"a":1}): it gave a object, not true or false'
    )
  })

  it('binds count, the number of rows, judging the rows once the last one is in', () => {
    const tally = judge({ failIf: 'count > 4 && errorRate > 0.02' }, SERVICES, ROWS)
    expect(tally.fail).toEqual({
      matched: 2,
      examples: ['AppRoleName=api, odd name=x (errorRate 0.031)', 'AppRoleName=worker, odd name=x (errorRate 0.05)']
    })
    expect(judge({ failIf: 'count > 5' }, SERVICES, ROWS).fail?.matched).toBe(0)
  })

  it('binds baseline to the baseline query row of the same string columns, its cells converted like the current ones', () => {
    const baselineRows = [
      ['"web"', '0.001', '280', '"y"', '190'],
      ['"api"', '0.01', '700', '"x"', '90'],
      ['"db"', 'null', '800', '"z"', '9007199254740993']
    ]
    const failIf = '!has(baseline.errorRate) || (baseline.errorRate != null && errorRate > 2.0 * baseline.errorRate)'
    const tally = judge({ failIf }, SERVICES, ROWS, baselineValues(baselineRows, SERVICES))
    // api 0.031 > 0.02, web 0.01 > 0.002, worker and auth have no baseline row; db's baseline errorRate is null.
    expect(tally.fail?.matched).toBe(4)
    expect(tally.error).toBeUndefined()
    const exact = judge(
      { failIf: 'baseline.requests == 9007199254740993' },
      SERVICES,
      [ROWS[3]],
      baselineValues(baselineRows, SERVICES)
    )
    expect(exact.fail?.matched).toBe(1)
  })

  it('says whether an expression reads baseline (the baseline is queried first then)', () => {
    expect(readsBaseline({ failIf: 'errorRate > 2.0 * baseline.errorRate' })).toBe(true)
    expect(readsBaseline({ failIf: 'p95 > 800', warnIf: "has(baseline.p95) && row['p95'] > 1.5" })).toBe(true)
    expect(readsBaseline({ failIf: "p95 > 800 && row['baseline'] == 1" })).toBe(false)
    expect(readsBaseline({ warnIf: 'count > 3' })).toBe(false)
    expect(readsBaseline({})).toBe(false)
  })

  it('binds baseline to the baseline row, or to {} without one', () => {
    const failIf = '!has(baseline.errorRate) || errorRate > 2.0 * baseline.errorRate'
    expect(judge({ failIf }, SERVICES, ROWS.slice(0, 2)).fail?.matched).toBe(2)
    const seen: unknown[] = []
    const baselineFor: BaselineFor = row => {
      seen.push(row.AppRoleName)
      return row.AppRoleName === 'api'
        ? { errorRate: 0.01 }
        : row.AppRoleName === 'web'
          ? { errorRate: 0.02 }
          : undefined
    }
    const tally = judge({ failIf }, SERVICES, ROWS, baselineFor)
    expect(seen).toEqual(['api', 'web', 'worker', 'db', 'auth'])
    expect(tally.fail?.examples).toEqual([
      'AppRoleName=api, odd name=x (errorRate 0.031)',
      'AppRoleName=worker, odd name=x (errorRate 0.05)',
      'AppRoleName=db, odd name=z (errorRate 0)'
    ])
  })

  it('starts over at every attempt, and judges nothing in an answer without a table', () => {
    const conditions = new RowConditions({ failIf: 'p95 > 800' })
    conditions.begin(SERVICES)
    conditions.row(rowCells(ROWS[0]))
    conditions.begin(SERVICES)
    for (const row of ROWS.slice(1)) conditions.row(rowCells(row))
    expect(conditions.tally()).toEqual({
      rows: 4,
      fail: { matched: 1, examples: ['AppRoleName=db, odd name=z (p95 850)'] }
    })
    conditions.begin([])
    expect(conditions.tally()).toEqual({ rows: 0, fail: { matched: 0, examples: [] } })
  })

  it('keeps a column named like a CEL function or __proto__ readable through row', () => {
    const columns: Column[] = [
      { name: 'int', type: 'long' },
      { name: '__proto__', type: 'string' }
    ]
    const tally = judge({ failIf: "row['int'] == 3 && row.__proto__ == 'p'" }, columns, [['3', '"p"']])
    expect(tally.fail?.matched).toBe(1)
  })
})
