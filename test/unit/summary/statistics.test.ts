import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { statisticsRows } from '../../../src/summary/statistics.js'

const recorded = (name: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../contract/recorded', name), 'utf8')) as Record<
    string,
    unknown
  >

describe('statisticsRows', () => {
  it('reads execution time, data scanned and peak memory from the recorded statistics', () => {
    const { statistics } = recorded('query-200-with-statistics.response.json')
    expect(statisticsRows(statistics)).toEqual([
      ['Execution time', '16 ms (CPU 0 ms)'],
      ['Data scanned', '0 of 0 rows, 0 of 0 extents, 0 B'],
      ['Peak memory', '512 KiB']
    ])
  })

  it('reads a busier query', () => {
    const statistics = {
      query: {
        executionTime: 12.345,
        resourceUsage: {
          cpu: { totalCpu: '1.00:00:01.5000000' },
          cache: {
            shards: {
              hot: { hitbytes: 1024 * 1024 * 900, missbytes: 1024 * 1024 * 124 },
              cold: { hitbytes: 0 },
              bypassbytes: 0
            }
          },
          memory: { peakPerNode: 3 * 1024 ** 3 }
        },
        inputDatasetStatistics: { rows: { scanned: 120000, total: 5000000 } }
      }
    }
    expect(statisticsRows(statistics)).toEqual([
      ['Execution time', '12.3 s (CPU 86401.5 s)'],
      ['Data scanned', '120000 of 5000000 rows, 1.0 GiB'],
      ['Peak memory', '3.0 GiB']
    ])
  })

  it('leaves out what is missing, and has nothing for no statistics', () => {
    expect(statisticsRows(undefined)).toEqual([])
    expect(statisticsRows({ query: {} })).toEqual([])
    expect(statisticsRows({ query: { executionTime: 0.5 } })).toEqual([['Execution time', '500 ms']])
    expect(
      statisticsRows({ query: { executionTime: 'soon', inputDatasetStatistics: { rows: { scanned: 3 } } } })
    ).toEqual([['Data scanned', '3 rows']])
  })
})
