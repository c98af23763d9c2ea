import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeClientCertificate, makeEcCertificatePem } from '../emulator/certificates.js'
import { CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION_ID, TENANT_ID } from '../emulator/directory.js'
import { startEmulator, type Emulator } from '../emulator/emulator.js'
import { runAction } from './harness.js'

const certificate = await makeClientCertificate()
const other = await makeClientCertificate({ subject: 'CN=another-app' })
const ecPem = await makeEcCertificatePem()

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

interface BadInput {
  /** What is wrong. */
  name: string
  inputs: Record<string, string>
  /** The input the message must name. */
  input: string
  /** What the message must say. */
  says: RegExp
  files?: Record<string, string>
}

const creds = (value: object | string) => ({ creds: typeof value === 'string' ? value : JSON.stringify(value), 'client-secret': '', 'client-id': '', 'tenant-id': '' })
const withCertificate = (pem: string, password = '') => ({ 'client-secret': '', 'client-certificate': pem, 'client-certificate-password': password })

/** Each is one line naming the input, before any request. */
const cases: BadInput[] = [
  { name: 'no workspace', inputs: { workspace: '' }, input: 'workspace', says: /is required/ },
  { name: 'a workspace name instead of its ID', inputs: { workspace: 'shop-logs' }, input: 'workspace', says: /neither a workspace ID .* or an Azure resource ID/ },
  { name: 'a GUID with a typo', inputs: { workspace: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8' }, input: 'workspace', says: /looks like a GUID but is not one/ },
  { name: 'a GUID with a letter out of range', inputs: { workspace: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8g' }, input: 'workspace', says: /looks like a GUID/ },
  { name: 'a resource ID without providers', inputs: { workspace: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-shop` }, input: 'workspace', says: /not a complete one/ },
  { name: 'a resource ID with a bad subscription', inputs: { workspace: '/subscriptions/abc/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w' }, input: 'workspace', says: /resource ID/ },
  { name: 'a resource ID missing its name', inputs: { workspace: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces` }, input: 'workspace', says: /not a complete one/ },
  { name: 'no query', inputs: { query: '' }, input: 'query', says: /is required/ },
  { name: 'both query and query-file', inputs: { query: 'Heartbeat', 'query-file': 'q.kql' }, input: 'query', says: /either query or query-file/ },
  { name: 'a query-file that does not exist', inputs: { query: '', 'query-file': 'queries/missing.kql' }, input: 'query-file', says: /does not exist/ },
  { name: 'a query-file that is a folder', inputs: { query: '', 'query-file': 'queries' }, input: 'query-file', says: /is a folder/, files: { 'queries/a.kql': 'Heartbeat' } },
  { name: 'an empty query-file', inputs: { query: '', 'query-file': 'empty.kql' }, input: 'query-file', says: /is empty/, files: { 'empty.kql': '\n  \n' } },
  { name: 'a timespan in words', inputs: { timespan: 'yesterday' }, input: 'timespan', says: /not a time range.*ISO 8601/ },
  { name: 'a timespan with an unknown unit', inputs: { timespan: '30x' }, input: 'timespan', says: /not a time range/ },
  { name: 'a zero timespan', inputs: { timespan: '0m' }, input: 'timespan', says: /longer than zero/ },
  { name: 'an interval that ends before it starts', inputs: { timespan: '2026-11-02T00:00:00Z/2026-11-01T00:00:00Z' }, input: 'timespan', says: /ends before it starts/ },
  { name: 'an interval with a bad date', inputs: { timespan: '2026-13-45/P1D' }, input: 'timespan', says: /not an interval/ },
  { name: 'a negative max-count', inputs: { 'max-count': '-1' }, input: 'max-count', says: /cannot be negative/ },
  { name: 'a non-numeric max-count', inputs: { 'max-count': 'five' }, input: 'max-count', says: /whole number/ },
  { name: 'a fractional min-count', inputs: { 'min-count': '1.5' }, input: 'min-count', says: /whole number/ },
  { name: 'min-count above max-count', inputs: { 'min-count': '10', 'max-count': '5' }, input: 'min-count', says: /above max-count 5/ },
  { name: 'a non-numeric max-records', inputs: { 'max-records': 'all' }, input: 'max-records', says: /whole number/ },
  { name: 'a timeout above 600', inputs: { timeout: '601' }, input: 'timeout', says: /out of range: use 1 to 600/ },
  { name: 'a zero timeout', inputs: { timeout: '0' }, input: 'timeout', says: /out of range/ },
  { name: 'an unknown output-format', inputs: { 'output-format': 'xml' }, input: 'output-format', says: /not one of: json, ndjson, csv/ },
  { name: 'an output-file that is a folder', inputs: { 'output-file': 'out' }, input: 'output-file', says: /is a folder/, files: { 'out/keep': '' } },
  { name: 'an unknown environment', inputs: { environment: 'azuregermancloud' }, input: 'environment', says: /not one of: azurecloud, azureusgovernment, azurechinacloud/ },
  { name: 'an http:// endpoint', inputs: { endpoint: 'http://127.0.0.1:1' }, input: 'endpoint', says: /must use https/ },
  { name: 'an http:// authority-host', inputs: { 'authority-host': 'http://127.0.0.1:1' }, input: 'authority-host', says: /must use https/ },
  { name: 'an endpoint that is not a URL', inputs: { endpoint: 'api.loganalytics.io' }, input: 'endpoint', says: /not a URL/ },
  { name: 'summary that is not a boolean', inputs: { summary: 'yes' }, input: 'summary', says: /not a boolean/ },
  { name: 'a bad additional workspace', inputs: { 'additional-workspaces': 'ok-workspace\nnot a workspace!' }, input: 'additional-workspaces', says: /"not a workspace!" is not a workspace ID/ },
  { name: 'no client-id', inputs: { 'client-id': '' }, input: 'client-id', says: /is required/ },
  { name: 'a client-id that is not a GUID', inputs: { 'client-id': 'my-app' }, input: 'client-id', says: /not a GUID/ },
  { name: 'no tenant-id', inputs: { 'tenant-id': '' }, input: 'tenant-id', says: /is required/ },
  { name: 'a tenant-id with spaces', inputs: { 'tenant-id': 'my tenant' }, input: 'tenant-id', says: /neither a GUID nor a domain name/ },
  { name: 'no secret, no certificate and no ID token', inputs: { 'client-secret': '' }, input: 'client-secret', says: /client-certificate, or use GitHub OIDC .*"permissions: id-token: write"/ },
  { name: 'malformed creds JSON', inputs: creds(`{"clientId": "${CLIENT_ID}", "clientSecret": "${CLIENT_SECRET}"`), input: 'creds', says: /not a JSON object/ },
  { name: 'creds without clientSecret', inputs: creds({ clientId: CLIENT_ID, tenantId: TENANT_ID }), input: 'creds', says: /has no "clientSecret"/ },
  { name: 'creds and client-secret together', inputs: { creds: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenantId: TENANT_ID }) }, input: 'creds', says: /not both/ },
  { name: 'creds disagreeing with client-id', inputs: { ...creds({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenantId: TENANT_ID }), 'client-id': '11111111-1111-4111-8111-111111111111' }, input: 'client-id', says: /differs from "clientId" in creds/ },
  { name: 'max-retries above 10', inputs: { 'max-retries': '11' }, input: 'max-retries', says: /out of range/ },
  { name: 'a max-value that is not a number', inputs: { 'max-value': 'high' }, input: 'max-value', says: /"high" is not a number/ },
  { name: 'a min-value in hexadecimal', inputs: { 'min-value': '0x10' }, input: 'min-value', says: /is not a number/ },
  { name: 'min-value above max-value', inputs: { 'min-value': '1', 'max-value': '0.5' }, input: 'min-value', says: /above max-value 0\.5/ },
  { name: 'warn-count not below max-count', inputs: { 'warn-count': '10', 'max-count': '5' }, input: 'warn-count', says: /not below max-count 5/ },
  { name: 'warn-value not below max-value', inputs: { 'warn-value': '0.9', 'max-value': '0.9' }, input: 'warn-value', says: /not below max-value 0\.9/ },
  { name: 'warn-count below min-count', inputs: { 'warn-count': '1', 'min-count': '5' }, input: 'warn-count', says: /every passing result would warn/ },
  { name: 'a negative warn-count', inputs: { 'warn-count': '-3' }, input: 'warn-count', says: /cannot be negative/ },
  { name: 'watch and wait-until together', inputs: { 'max-count': '5', watch: '5m', 'wait-until': '10m' }, input: 'watch', says: /either watch or wait-until, not both/ },
  { name: 'a watch in words', inputs: { 'max-count': '5', watch: '5 minutes' }, input: 'watch', says: /"5 minutes" is not a duration: write 90s, 5m, 1h or ISO 8601/ },
  { name: 'a wait-until in months', inputs: { 'max-count': '5', 'wait-until': 'P1M' }, input: 'wait-until', says: /is not a duration/ },
  { name: 'a delay longer than a day', inputs: { delay: '2d' }, input: 'delay', says: /too long: at most 24 h/ },
  { name: 'a negative delay', inputs: { delay: '-5m' }, input: 'delay', says: /is not a duration/ },
  { name: 'an interval of 0', inputs: { 'max-count': '5', watch: '5m', interval: '0s' }, input: 'interval', says: /longer than zero/ },
  { name: 'an interval under a second', inputs: { 'max-count': '5', watch: '5m', interval: 'PT0.2S' }, input: 'interval', says: /too short: use 1 s or more/ },
  { name: 'an interval longer than the watch', inputs: { 'max-count': '5', watch: '30s', interval: '1m' }, input: 'interval', says: /1 min is longer than watch 30 s/ },
  { name: 'a watch without a threshold', inputs: { watch: '5m' }, input: 'watch', says: /needs a threshold/ },
  { name: 'a wait-until with only a warning threshold', inputs: { 'wait-until': '5m', 'warn-count': '3' }, input: 'wait-until', says: /needs a threshold/ },
  { name: 'a negative summary-rows', inputs: { 'summary-rows': '-1' }, input: 'summary-rows', says: /cannot be negative/ },
  { name: 'summary-rows above 1000', inputs: { 'summary-rows': '5000' }, input: 'summary-rows', says: /out of range: use 0 to 1000/ },
  { name: 'an unknown auth-type', inputs: { 'auth-type': 'oidc' }, input: 'auth-type', says: /not one of: service-principal, managed-identity, azure-cli/ },
  { name: 'a client-certificate file that does not exist', inputs: withCertificate('certs/missing.pem'), input: 'client-certificate', says: /certs\/missing\.pem does not exist/ },
  { name: 'a client-certificate path that is a folder', inputs: withCertificate('certs'), input: 'client-certificate', says: /is a folder/, files: { 'certs/app.pem': certificate.pem } },
  { name: 'a client-certificate file that is not PEM', inputs: withCertificate('certs/app.pfx'), input: 'client-certificate', says: /is not a PEM file.*openssl pkcs12/, files: { 'certs/app.pfx': '0\u0082\u0009\u00a1binary' } },
  { name: 'a base64 .pfx instead of PEM', inputs: withCertificate('MIIKWQIBAzCCCh8GCSqGSIb3DQEHAaCCChAEggoMMIIKCDCCBL8G'.repeat(30)), input: 'client-certificate', says: /neither PEM text .* nor a path/ },
  { name: 'a client-certificate without its private key', inputs: withCertificate(certificate.certPem), input: 'client-certificate', says: /holds no private key/ },
  { name: 'a client-certificate with a key but no certificate', inputs: withCertificate(certificate.keyPem), input: 'client-certificate', says: /no certificate/ },
  { name: 'a client-certificate whose key belongs to another certificate', inputs: withCertificate(other.certPem + certificate.keyPem), input: 'client-certificate', says: /belongs to none of its certificates/ },
  { name: 'an EC client-certificate', inputs: withCertificate(ecPem), input: 'client-certificate', says: /of type EC; Entra ID signs in applications only with RSA certificates/ },
  { name: 'an encrypted key without a password', inputs: withCertificate(certificate.encryptedPem), input: 'client-certificate-password', says: /is required: the private key in client-certificate is encrypted/ },
  { name: 'an encrypted key with a wrong password', inputs: withCertificate(certificate.encryptedPem, 'not-the-password'), input: 'client-certificate-password', says: /does not decrypt the private key/ },
  { name: 'a certificate password without a certificate', inputs: { 'client-certificate-password': 'pw' }, input: 'client-certificate-password', says: /without client-certificate/ },
  { name: 'managed-identity with a client-id that is not a GUID', inputs: { 'auth-type': 'managed-identity', 'client-secret': '', 'client-id': 'runner-identity' }, input: 'client-id', says: /"runner-identity" is not a GUID: the client ID of a user-assigned identity/ },
  { name: 'managed-identity with a client secret', inputs: { 'auth-type': 'managed-identity' }, input: 'client-secret', says: /is not used with auth-type managed-identity/ },
  { name: 'azure-cli with a client-id', inputs: { 'auth-type': 'azure-cli', 'client-secret': '' }, input: 'client-id', says: /is not used with auth-type azure-cli/ },
  { name: 'azure-cli with a certificate', inputs: { 'auth-type': 'azure-cli', ...withCertificate(certificate.pem), 'client-id': '' }, input: 'client-certificate', says: /is not used with auth-type azure-cli/ },
  { name: 'azure-cli with a tenant-id that is neither a GUID nor a domain', inputs: { 'auth-type': 'azure-cli', 'client-secret': '', 'client-id': '', 'tenant-id': 'my tenant' }, input: 'tenant-id', says: /neither a GUID nor a domain name/ }
]

describe('bad inputs', () => {
  it('has a case for at least 60 mistakes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60)
  })

  it.each(cases)('$name: one line naming $input, and no request', async ({ inputs, input, says, files }) => {
    const before = emulator.requests.length
    const result = await runAction(emulator, { query: 'Heartbeat', ...inputs }, { files })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    const [message] = result.errors
    expect(message.startsWith(`Input '${input}': `), message).toBe(true)
    expect(message).toMatch(says)
    expect(message).not.toContain('%0A') // one line
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at \S+ \(/) // no stack trace
    expect(result.stdout + result.stderr).not.toContain(CLIENT_SECRET.slice(0, 12) + 'x')
    expect(emulator.requests.length).toBe(before)
    expect(result.outputs.verdict).toBe('error')
  })
})
