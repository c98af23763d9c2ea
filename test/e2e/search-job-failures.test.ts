import { describe, expect, it } from 'vitest'
import { SUBSCRIPTION_ID, WORKSPACE_ID, WORKSPACE_RESOURCE_ID } from '../emulator/directory.js'
import { expectOneLine, HEARTBEAT_SEARCH, searchJobFile, story, whenPolled } from './search-job-helpers.js'

const file = searchJobFile(HEARTBEAT_SEARCH)
const { run, expectNothingLeft } = file

describe('a search job that does not succeed', () => {
  it("ends the step with the service's error when the job fails, and deletes the table", async () => {
    file.emulator.searchJobBehaviour = { polls: 2, outcome: 'Failed' }
    const result = await run({})
    expectOneLine(
      result,
      /^The search job failed: An internal error occurred while scanning the data\. \[SearchJobFailed\]$/
    )
    expect(story(result.requests)).toEqual([
      'PUT table 202',
      'GET operation 200',
      'GET operation 200',
      'DELETE table 202'
    ])
    expectNothingLeft(result)
  })

  it('reports the query error of a job whose query cannot run', async () => {
    file.emulator.searchJobBehaviour = { polls: 1, outcome: 'Succeeded' }
    const result = await run({ query: "Heartbeat | where NoSuchColumn == 'x'" })
    expectOneLine(
      result,
      /^The search job failed: 'where' operator: Failed to resolve scalar expression named 'NoSuchColumn' \[SemanticError\]$/
    )
    expectNothingLeft(result)
  })

  it('ends the step when someone else cancels the job', async () => {
    file.emulator.searchJobBehaviour = { polls: 1, outcome: 'Canceled' }
    const result = await run({})
    expectOneLine(
      result,
      /^The search job was cancelled by the service or by someone else: The search job was canceled\. \[OperationCanceled\]$/
    )
    expect(story(result.requests).at(-1)).toBe('DELETE table 202')
    expectNothingLeft(result)
  })

  it('cancels the job and deletes the table when job-timeout passes', async () => {
    file.emulator.searchJobBehaviour = { polls: 1000, outcome: 'Succeeded' }
    const result = await run({ 'job-timeout': '2s' })
    expectOneLine(
      result,
      /^The search job did not finish within job-timeout \(2\.0 s\): it was cancelled and table \w+_SRCH was deleted\. Raise job-timeout/
    )
    const steps = story(result.requests)
    expect(steps.slice(0, 1)).toEqual(['PUT table 202'])
    expect(steps.slice(-2)).toEqual(['POST cancel-search 200', 'DELETE table 202'])
    expect(steps.filter(step => step.startsWith('GET operation')).length).toBeGreaterThanOrEqual(2)
    const [put] = result.requests.filter(r => r.route === 'table')
    const [cancel] = result.requests.filter(r => r.route === 'cancel-search')
    // job-timeout counts from before the sign-in for Azure Resource Manager and the PUT, which
    // take a moment on a loaded machine; that no poll starts after it is unit-tested (poll-job.test.ts).
    expect(cancel.at - put.at).toBeGreaterThanOrEqual(1500)
    expect(cancel.at - put.at).toBeLessThan(5000)
    expect(result.requests.some(r => r.route === 'query')).toBe(false)
    expectNothingLeft(result)
  })

  it('cancels the job but keeps the table on a timeout with keep-search-table', async () => {
    file.emulator.searchJobBehaviour = { polls: 1000, outcome: 'Succeeded' }
    const result = await run({ 'job-timeout': '1s', 'keep-search-table': 'true', 'search-table': 'KeptOnTimeout_SRCH' })
    expectOneLine(result, /it was cancelled and table KeptOnTimeout_SRCH is kept\./)
    expect(story(result.requests).at(-1)).toBe('POST cancel-search 200')
    expect(file.emulator.searchJobs.get('keptontimeout_srch')?.state).toBe('Canceled')
    file.emulator.searchJobs.delete('keptontimeout_srch')
  })

  /** Runs a search job that never ends and sends `signals` (100 ms apart) once it is being polled. */
  async function cancelWhilePolling(signals: NodeJS.Signals[]) {
    file.emulator.searchJobBehaviour = { polls: 1000, outcome: 'Succeeded' }
    let signalledAt = 0
    let closedAt = 0
    const result = await run(
      {},
      {
        onStart: child => {
          whenPolled(file.emulator, child, () => {
            signalledAt = Date.now()
            signals.forEach((signal, i) => setTimeout(() => child.kill(signal), i * 100))
          })
          child.on('close', () => (closedAt = Date.now()))
        }
      }
    )
    expect(signalledAt).toBeGreaterThan(0)
    return { ...result, signalledAt, closedAt }
  }

  it('cancels the job and deletes the table when the run is cancelled (SIGTERM) while polling', async () => {
    const result = await cancelWhilePolling(['SIGTERM'])
    expect(result.exitCode).toBe(143)
    const afterSignal = result.requests.filter(r => r.at >= result.signalledAt)
    expect(story(afterSignal).filter(step => !step.startsWith('GET operation'))).toEqual([
      'POST cancel-search 200',
      'DELETE table 202'
    ])
    expect(result.closedAt - result.signalledAt).toBeLessThan(5000)
    expect(result.errors).toEqual(['The run was cancelled (SIGTERM).'])
    expectNothingLeft(result)
  })

  it('finishes cleaning up when SIGTERM follows SIGINT, as the runner sends them', async () => {
    file.emulator.faults.push({ route: 'cancel-search', delayMs: 600 })
    const result = await cancelWhilePolling(['SIGINT', 'SIGTERM'])
    expect(result.exitCode).toBe(130)
    expect(result.stdout).toContain('SIGTERM received while cleaning up after SIGINT; finishing the clean-up first.')
    expect(
      story(result.requests.filter(r => r.at >= result.signalledAt)).filter(step => !step.startsWith('GET operation'))
    ).toEqual(['POST cancel-search 200', 'DELETE table 202'])
    expect(result.errors).toEqual(['The run was cancelled (SIGINT).'])
    expectNothingLeft(result)
  })
})

describe('a search job that cannot start', () => {
  it('says which role is missing when Azure Resource Manager refuses, and cleans up nothing', async () => {
    file.emulator.faults.push({
      route: 'table',
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message: `The client '0c1d2e3f' with object id '0c1d2e3f' does not have authorization to perform action 'Microsoft.OperationalInsights/workspaces/tables/write' over scope '${WORKSPACE_RESOURCE_ID}/tables/Heartbeat_SRCH' or the scope is invalid.`
        }
      }
    })
    const result = await run({})
    expectOneLine(
      result,
      /^Creating the search job's table \w+_SRCH failed: The client .* does not have authorization to perform action 'Microsoft\.OperationalInsights\/workspaces\/tables\/write'.* \[HTTP 403 AuthorizationFailed\] — give the identity Log Analytics Contributor on the workspace/
    )
    expect(story(result.requests)).toEqual(['PUT table 403'])
  })

  it('names a workspace that does not exist', async () => {
    const workspace = WORKSPACE_RESOURCE_ID.replace('shop-logs', 'shop-logs-typo')
    const result = await run({ workspace })
    expectOneLine(
      result,
      /failed: The Resource 'Microsoft\.OperationalInsights\/workspaces\/shop-logs-typo' under resource group 'rg-shop' was not found\..*\[HTTP 404 ResourceNotFound\] — check the workspace name in workspace/
    )
  })

  it('refuses a workspace ID (GUID) with a clear error, before any request', async () => {
    const before = file.emulator.requests.length
    const result = await run({ workspace: WORKSPACE_ID })
    expectOneLine(
      result,
      /^Input 'workspace': a search job needs the workspace's resource ID, \/subscriptions\/<subscription>\/resourceGroups\/<group>\/providers\/Microsoft\.OperationalInsights\/workspaces\/<name>, not its workspace ID \(a GUID\)/
    )
    expect(result.errors[0]).toContain('subscription, resource group and name')
    expect(file.emulator.requests.length).toBe(before)
  })

  it('never sends the token to an operation URL on another host', async () => {
    file.emulator.faults.push({
      route: 'table',
      status: 202,
      headers: {
        'azure-asyncoperation': `https://attacker.example/subscriptions/${SUBSCRIPTION_ID}/operationStatuses/1`
      },
      body: ''
    })
    const result = await run({})
    expectOneLine(result, /Azure-AsyncOperation URL is not on 127\.0\.0\.1:\d+; the token is not sent anywhere else/)
    expect(story(result.requests)).toEqual(['PUT table 202', 'POST cancel-search 404', 'DELETE table 404'])
  })
})
