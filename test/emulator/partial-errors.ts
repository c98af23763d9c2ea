/**
 * What the service appends, with HTTP 200, when it cut an answer (contract §3,
 * recorded as query-200-partial-error): after `rowCap` rows, or before the raw
 * JSON passed `byteCap` bytes. The rows sent are real; the count is not the total.
 */
export function partialError(limit: { rows: number } | { bytes: number }): object {
  const what =
    'rows' in limit
      ? `exceeded the internal record count limit ${limit.rows}`
      : `exceeded the internal data size limit ${limit.bytes}`
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: [
      {
        code: 'EngineError',
        message: 'Something went wrong processing your query on the server.',
        innererror: {
          code: '-2133196797',
          message: `Query result set has ${what} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`,
          severity: 2,
          severityName: 'Error'
        }
      }
    ]
  }
}
