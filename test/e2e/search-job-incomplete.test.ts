import { describe, expect, it } from 'vitest'
import { SUBSCRIPTION_ID } from '../emulator/directory.js'
import { expectOneLine, HEARTBEAT_SEARCH, searchJobFile, story, whenPolled } from './search-job-helpers.js'

/*
 * A search job whose table does not hold what the job reported, and a table the action cannot delete: the runs of
 * search-job-failures.test.ts that wait longest (the table is read again after poll-interval), in a file of their own
 * so that the two files run side by side.
 */

const file = searchJobFile(HEARTBEAT_SEARCH)
const { run, expectNothingLeft } = file

describe('a search job whose table holds other than the job reported', () => {
  it('warns under on-partial: warn when the table and the job disagree, and gates on the records read', async () => {
    file.emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded', reportedRecordsOffset: -1 }
    const result = await run({ 'on-partial': 'warn', 'max-count': '5' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::warning title=Incomplete result::The result is incomplete: the search job reported 5 records, but table \w+_SRCH returned 6/
    )
    expect(result.outputs).toMatchObject({ count: '6', verdict: 'fail' })
    expectNothingLeft(result)
  })

  it('fails with an incomplete result when the table holds fewer records than the job reported', async () => {
    file.emulator.searchJobBehaviour = { polls: 2, outcome: 'Succeeded', reportedRecordsOffset: 2 }
    const result = await run({ 'max-count': '100' })
    expectOneLine(
      result,
      /^The result is incomplete, so the step fails \(on-partial: fail\): the search job reported 8 records, but table \w+_SRCH returned 6 — count \(6\) is only the rows that arrived and may be too low\.$/
    )
    expect(result.outputs.truncated).toBe('true')
    // The table read once and 3 times again (it never holds the 8 reported), each read after its count (split: auto).
    const queries = result.requests
      .filter(r => r.route === 'query')
      .map(r => (JSON.parse(r.body) as { query: string }).query)
    expect(queries.map(query => (/\n\| summarize Rows = count\(\)/.test(query) ? 'count' : query))).toEqual(
      Array<string[]>(4).fill(['count', result.outputs['search-table']]).flat()
    )
    expect(result.outputs.count).toBe('6')
    expectNothingLeft(result)
  })
})

describe('cleaning up', () => {
  it('warns with the command that deletes the table when the delete is refused, and still answers', async () => {
    // Two polls: a second between the first and the DELETE to queue the refusal in.
    file.emulator.searchJobBehaviour = { polls: 2, outcome: 'Succeeded' }
    const result = await run(
      {},
      {
        // Once the table exists, the next request on it (the DELETE) is refused.
        onStart: child =>
          whenPolled(file.emulator, child, () =>
            file.emulator.faults.push({
              route: 'table',
              status: 403,
              body: {
                error: {
                  code: 'AuthorizationFailed',
                  message:
                    "The client does not have authorization to perform action 'Microsoft.OperationalInsights/workspaces/tables/delete'."
                }
              }
            })
          )
      }
    )
    expect(result.exitCode, result.stdout).toBe(0)
    const table = result.outputs['search-table']
    expect(story(result.requests).at(-1)).toBe('DELETE table 403')
    const warnings = result.stdout.split('\n').filter(line => line.startsWith('::warning'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /title=Search job clean-up::Could not delete table \w+_SRCH: Deleting table \w+_SRCH failed: .*\[HTTP 403 AuthorizationFailed\]/
    )
    expect(warnings[0]).toContain(
      `az monitor log-analytics workspace table delete --subscription ${SUBSCRIPTION_ID} --resource-group rg-shop --workspace-name shop-logs --name ${table} --yes`
    )
    expect(result.summary).toContain(`table \`${table}\` could not be deleted: delete it yourself`)
    expect(result.outputs.count).toBe('6')
    file.emulator.searchJobs.delete(table.toLowerCase())
    file.emulator.tables.delete(table.toLowerCase())
  })
})
