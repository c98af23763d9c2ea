import { describe, expect, it } from 'vitest'
import { CLOUD_NAMES, CLOUDS, defaultScope } from '../../../src/common/clouds.js'

describe('CLOUDS', () => {
  it('knows the three clouds by their azure/login names', () => {
    expect(CLOUD_NAMES).toEqual(['azurecloud', 'azureusgovernment', 'azurechinacloud'])
    for (const name of CLOUD_NAMES) expect(CLOUDS[name].name).toBe(name)
  })

  it('keeps each cloud on its own hosts: a token for one is never sent to another', () => {
    const hosts = CLOUD_NAMES.map(name =>
      [CLOUDS[name].authorityHost, CLOUDS[name].queryEndpoint, CLOUDS[name].armEndpoint].map(url => new URL(url).host)
    )
    for (const [i, mine] of hosts.entries()) {
      for (const [j, theirs] of hosts.entries())
        if (i !== j) for (const host of mine) expect(theirs).not.toContain(host)
    }
    for (const name of CLOUD_NAMES)
      for (const url of Object.values(CLOUDS[name]).filter(
        value => /^[a-z]+:\/\//.test(value) && !value.startsWith('api:')
      ))
        expect(url).toMatch(/^https:\/\//)
  })
})

describe('defaultScope', () => {
  it('is the resource with /.default, however many slashes it ends with', () => {
    expect(defaultScope('https://api.loganalytics.io')).toBe('https://api.loganalytics.io/.default')
    expect(defaultScope('https://management.azure.com/')).toBe('https://management.azure.com/.default')
    expect(defaultScope('https://api.loganalytics.us//')).toBe('https://api.loganalytics.us/.default')
  })
})
