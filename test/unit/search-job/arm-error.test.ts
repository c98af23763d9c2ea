import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { armErrorMessage } from '../../../src/search-job/arm-error.js'

describe('armErrorMessage', () => {
  it('reads the recorded table-not-found answer', () => {
    const text = readFileSync(
      join(import.meta.dirname, '../../contract/recorded/searchjob-table-get-404-notfound.response.json'),
      'utf8'
    )
    expect(armErrorMessage('deleting table dabenhamPoc_SRCH', 404, text)).toBe(
      "Deleting table dabenhamPoc_SRCH failed: The specified table: 'dabenhamPoc_SRCH' does not exist. [HTTP 404 NotFound]"
    )
  })

  it('says which role a refused job needs', () => {
    const text = JSON.stringify({
      error: {
        code: 'AuthorizationFailed',
        message: "The client 'x' does not have authorization to perform action\n'…/tables/write'."
      }
    })
    expect(armErrorMessage("creating the search job's table T_SRCH", 403, text)).toBe(
      "Creating the search job's table T_SRCH failed: The client 'x' does not have authorization to perform action '…/tables/write'. [HTTP 403 AuthorizationFailed] " +
        '— give the identity Log Analytics Contributor on the workspace ' +
        '(a search job needs Microsoft.OperationalInsights/workspaces/tables/write, …/searchJobs/write and …/tables/delete).'
    )
  })

  it('uses the innermost detail and the hint of the most specific code', () => {
    const text = JSON.stringify({
      error: {
        code: 'BadRequest',
        message: 'outer',
        details: [{ code: 'ResourceGroupNotFound', message: "Resource group 'rg' could not be found." }]
      }
    })
    expect(armErrorMessage('doing it', 400, text)).toBe(
      "Doing it failed: Resource group 'rg' could not be found. [HTTP 400 BadRequest/ResourceGroupNotFound] — check the resource group in workspace (the workspace resource ID)."
    )
  })

  it('shows a body that is not ARM JSON, shortened to one line', () => {
    expect(armErrorMessage('asking', 502, '<html>\n<body>Bad Gateway</body>\n</html>')).toBe(
      'Asking failed with HTTP 502: <html> <body>Bad Gateway</body> </html>'
    )
    expect(armErrorMessage('asking', 500, '')).toBe('Asking failed with HTTP 500')
  })
})
