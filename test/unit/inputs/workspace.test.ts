import { describe, expect, it } from 'vitest'
import { isGuid, parseAdditionalWorkspace, parseQueryTarget, WORKSPACE_FORMS } from '../../../src/inputs/workspace.js'

const GUID = '2b2c1f5e-0000-4c5c-9d3a-0123456789ab'
const SUB = '57947cb5-aadd-4b6c-9e8e-27f545bb7bf5'

describe('isGuid', () => {
  it.each([GUID, GUID.toUpperCase(), '00000000-0000-0000-0000-000000000000'])('accepts %s', value => {
    expect(isGuid(value)).toBe(true)
  })

  it.each(['', GUID.slice(1), `${GUID}0`, GUID.replace(/-/g, ''), `{${GUID}}`, GUID.replace('a', 'g'), ` ${GUID}`])(
    'rejects %j',
    value => {
      expect(isGuid(value)).toBe(false)
    }
  )
})

describe('parseQueryTarget', () => {
  it('reads a workspace GUID', () => {
    expect(parseQueryTarget(GUID)).toEqual({ kind: 'workspace', id: GUID })
  })

  it('lower-cases an uppercase GUID and trims it', () => {
    expect(parseQueryTarget(`  ${GUID.toUpperCase()}\n`)).toEqual({ kind: 'workspace', id: GUID })
  })

  it.each([
    [
      'a workspace',
      `/subscriptions/${SUB}/resourceGroups/my-rg/providers/Microsoft.OperationalInsights/workspaces/my-workspace`
    ],
    ['a web app', `/subscriptions/${SUB}/resourceGroups/web.rg(1)/providers/Microsoft.Web/sites/my-app`],
    ['a nested type', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/databases/db1`],
    [
      'a deeply nested type',
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default/x/y`
    ],
    [
      'lower-case resourcegroups',
      `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/ws`
    ],
    [
      'upper-case RESOURCEGROUPS',
      `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.WEB/SITES/APP`
    ],
    [
      'a three-part namespace',
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Insights.Test/components/app`
    ]
  ])('reads the resource ID of %s, keeping it as written', (_, id) => {
    expect(parseQueryTarget(id)).toEqual({ kind: 'resource', id })
  })

  it('drops trailing slashes and white space from a resource ID', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app`
    expect(parseQueryTarget(` ${id}// `)).toEqual({ kind: 'resource', id })
  })

  it.each([
    ['without providers', `/subscriptions/${SUB}/resourceGroups/rg`],
    ['without a resource name', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites`],
    [
      'with an odd number of type/name segments',
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/databases`
    ],
    ['with a bad subscription', `/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Web/sites/app`],
    ['without a namespace dot', `/subscriptions/${SUB}/resourceGroups/rg/providers/MicrosoftWeb/sites/app`],
    ['with an empty segment', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web//sites/app`],
    ['with a query string', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app?api-version=1`],
    ['with a space', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/my app`],
    ['of a subscription only', `/subscriptions/${SUB}`],
    [
      'with a too long group',
      `/subscriptions/${SUB}/resourceGroups/${'g'.repeat(91)}/providers/Microsoft.Web/sites/app`
    ]
  ])('rejects a resource ID %s, mentioning both forms', (_, id) => {
    const problem = parseQueryTarget(id)
    expect(typeof problem).toBe('string')
    expect(problem).toContain('looks like a resource ID but is not a complete one')
    expect(problem).toContain(WORKSPACE_FORMS)
    expect(problem).toMatch(/GUID/)
    expect(problem).toMatch(/\/subscriptions\/<subscription>\/resourceGroups\/<group>\/providers\//)
  })

  it.each([
    ['a missing digit', GUID.slice(0, -1)],
    ['an extra digit', `${GUID}0`],
    ['a letter beyond f', GUID.replace('a', 'z')],
    ['misplaced hyphens', '2b2c1f5e0-000-4c5c-9d3a-0123456789ab']
  ])('rejects a GUID with %s as a GUID typo, mentioning both forms', (_, value) => {
    const problem = parseQueryTarget(value)
    expect(typeof problem).toBe('string')
    expect(problem).toContain(`"${value}" looks like a GUID but is not one`)
    expect(problem).toContain(WORKSPACE_FORMS)
  })

  it.each(['my-workspace', GUID.replace(/-/g, ''), `{${GUID}}`, 'https://portal.azure.com/#resource/x'])(
    'rejects %j, mentioning both forms',
    value => {
      const problem = parseQueryTarget(value)
      expect(typeof problem).toBe('string')
      expect(problem).toContain(`"${value}"`)
      expect(problem).toContain('is neither')
      expect(problem).toContain('a workspace ID (a GUID')
      expect(problem).toContain('an Azure resource ID')
    }
  )
})

describe('parseAdditionalWorkspace', () => {
  it.each([
    GUID,
    GUID.toUpperCase(),
    'my-workspace',
    'ws01',
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws`
  ])('accepts %s as it is', value => {
    expect(parseAdditionalWorkspace(value)).toBe(value)
  })

  it('trims white space and trailing slashes', () => {
    expect(
      parseAdditionalWorkspace(` /subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app/ `)
    ).toBe(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app`)
  })

  it.each(['abc', '-abc', 'abc-', 'my workspace', 'a'.repeat(64), 'ws_01', '/subscriptions/x', ''])(
    'rejects %j',
    value => {
      expect(parseAdditionalWorkspace(value)).toBeUndefined()
    }
  )
})
