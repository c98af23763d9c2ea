import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseJobStatus } from '../../../src/search-job/job-status.js'

const recorded = (name: string) => readFileSync(join(import.meta.dirname, '../../contract/recorded', name), 'utf8')

describe('parseJobStatus', () => {
  it('reads a recorded running operation', () => {
    expect(parseJobStatus(recorded('searchjob-operationstatus-updating.response.json'))).toEqual({
      status: 'Updating',
      state: 'running'
    })
  })

  it('reads a recorded finished operation with its statistics', () => {
    expect(parseJobStatus(recorded('searchjob-operationstatus-succeeded.response.json'))).toEqual({
      status: 'Succeeded',
      state: 'succeeded',
      progress: 100,
      records: 0,
      scannedGb: 0
    })
  })

  it('reads a failed operation with its error', () => {
    const text = JSON.stringify({
      status: 'Failed',
      error: { code: 'SearchJobFailed', message: 'Query execution failed.' }
    })
    expect(parseJobStatus(text)).toEqual({
      status: 'Failed',
      state: 'failed',
      error: { code: 'SearchJobFailed', message: 'Query execution failed.' }
    })
  })

  it.each([
    ['InProgress', 'running'],
    ['Accepted', 'running'],
    ['Canceled', 'canceled'],
    ['Cancelled', 'canceled'],
    ['succeeded', 'succeeded']
  ])('knows %s as %s', (status, state) => {
    expect(parseJobStatus(JSON.stringify({ status }))?.state).toBe(state)
  })

  it('ignores statistics that are not numbers', () => {
    const text = JSON.stringify({
      status: 'InProgress',
      properties: { resultStatistics: { progress: '40', ingestedRecords: -1, scannedGb: 'a lot' } }
    })
    expect(parseJobStatus(text)).toEqual({ status: 'InProgress', state: 'running', progress: 40 })
  })

  it.each(['', 'not json', '[]', '{}', '{"status":""}', '{"status":3}', 'null'])('finds no status in %j', text => {
    expect(parseJobStatus(text)).toBeUndefined()
  })
})
