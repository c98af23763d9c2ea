import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConditions } from '../../../src/inputs/gate-inputs.js'
import { readSettings } from '../../../src/inputs/input-helper.js'
import { makeClientCertificate, makeEcCertificatePem } from '../../emulator/certificates.js'
import {
  APP_RESOURCE_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  SUBSCRIPTION_ID,
  TENANT_ID,
  WORKSPACE_RESOURCE_ID
} from '../../emulator/directory.js'
import { EMULATOR_INPUTS, inputRejection, reader } from '../fixtures/inputs.js'

/*
 * Every input the action refuses, as readSettings refuses it (and loadConditions,
 * which main.ts calls next, for fail-if and warn-if): one line that
 * names the input and says what to do. These were end-to-end cases (issue 11);
 * test/e2e/bad-inputs.test.ts keeps a few that prove the bundle reports such a
 * line before any request, masks the secrets and exits 1.
 */

const certificate = await makeClientCertificate()
const other = await makeClientCertificate({ subject: 'CN=another-app' })
const ecPem = await makeEcCertificatePem()

/** The repository's files the cases refer to (paths relative to GITHUB_WORKSPACE). */
const FILES: Record<string, string> = {
  'queries/a.kql': 'Heartbeat',
  'empty.kql': '\n  \n',
  'out/keep': '',
  'certs/app.pem': certificate.pem,
  'certs/app.pfx': '0\u0082\u0009\u00a1binary'
}

/** When the cases run: after every date they name but 2999's. */
const NOW = Date.parse('2026-11-05T12:00:00Z')

/** Secrets the cases give; no message may hold one. */
const SECRETS = [CLIENT_SECRET, certificate.keyPem, certificate.passphrase, 'not-the-password']

interface Refusal {
  /** What is wrong. */
  name: string
  inputs: Record<string, string>
  /** The input the message must name. */
  input: string
  /** What the message must say. */
  says: RegExp
}

const creds = (value: object | string) => ({
  creds: typeof value === 'string' ? value : JSON.stringify(value),
  'client-secret': '',
  'client-id': '',
  'tenant-id': ''
})
const withCertificate = (pem: string, password = '') => ({
  'client-secret': '',
  'client-certificate': pem,
  'client-certificate-password': password
})

/** A search job against the emulator's workspace, with `inputs` on top. */
const search = (inputs: Record<string, string> = {}) => ({
  mode: 'search-job',
  workspace: WORKSPACE_RESOURCE_ID,
  ...inputs
})

const refusals: Refusal[] = [
  { name: 'no workspace', inputs: { workspace: '' }, input: 'workspace', says: /is required/ },
  {
    name: 'a workspace name instead of its ID',
    inputs: { workspace: 'shop-logs' },
    input: 'workspace',
    says: /neither a workspace ID .* or an Azure resource ID/
  },
  {
    name: 'a GUID with a typo',
    inputs: { workspace: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8' },
    input: 'workspace',
    says: /looks like a GUID but is not one/
  },
  {
    name: 'a GUID with a letter out of range',
    inputs: { workspace: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8g' },
    input: 'workspace',
    says: /looks like a GUID/
  },
  {
    name: 'a resource ID without providers',
    inputs: { workspace: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-shop` },
    input: 'workspace',
    says: /not a complete one/
  },
  {
    name: 'a resource ID with a bad subscription',
    inputs: { workspace: '/subscriptions/abc/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w' },
    input: 'workspace',
    says: /resource ID/
  },
  {
    name: 'a resource ID missing its name',
    inputs: {
      workspace: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces`
    },
    input: 'workspace',
    says: /not a complete one/
  },
  { name: 'no query', inputs: { query: '' }, input: 'query', says: /is required/ },
  {
    name: 'both query and query-file',
    inputs: { query: 'Heartbeat', 'query-file': 'q.kql' },
    input: 'query',
    says: /either query or query-file/
  },
  {
    name: 'a query-file that does not exist',
    inputs: { query: '', 'query-file': 'queries/missing.kql' },
    input: 'query-file',
    says: /does not exist/
  },
  {
    name: 'a query-file that is a folder',
    inputs: { query: '', 'query-file': 'queries' },
    input: 'query-file',
    says: /is a folder/
  },
  {
    name: 'an empty query-file',
    inputs: { query: '', 'query-file': 'empty.kql' },
    input: 'query-file',
    says: /is empty/
  },
  {
    name: 'a timespan in words',
    inputs: { timespan: 'yesterday' },
    input: 'timespan',
    says: /not a time range.*ISO 8601/
  },
  { name: 'a timespan with an unknown unit', inputs: { timespan: '30x' }, input: 'timespan', says: /not a time range/ },
  { name: 'a zero timespan', inputs: { timespan: '0m' }, input: 'timespan', says: /longer than zero/ },
  {
    name: 'an interval that ends before it starts',
    inputs: { timespan: '2026-11-02T00:00:00Z/2026-11-01T00:00:00Z' },
    input: 'timespan',
    says: /ends before it starts/
  },
  {
    name: 'an interval with a bad date',
    inputs: { timespan: '2026-13-45/P1D' },
    input: 'timespan',
    says: /not an interval/
  },
  { name: 'a negative max-count', inputs: { 'max-count': '-1' }, input: 'max-count', says: /cannot be negative/ },
  { name: 'a non-numeric max-count', inputs: { 'max-count': 'five' }, input: 'max-count', says: /whole number/ },
  { name: 'a fractional min-count', inputs: { 'min-count': '1.5' }, input: 'min-count', says: /whole number/ },
  {
    name: 'min-count above max-count',
    inputs: { 'min-count': '10', 'max-count': '5' },
    input: 'min-count',
    says: /above max-count 5/
  },
  { name: 'a non-numeric max-records', inputs: { 'max-records': 'all' }, input: 'max-records', says: /whole number/ },
  { name: 'a timeout above 600', inputs: { timeout: '601' }, input: 'timeout', says: /out of range: use 1 to 600/ },
  { name: 'a zero timeout', inputs: { timeout: '0' }, input: 'timeout', says: /out of range/ },
  {
    name: 'an unknown output-format',
    inputs: { 'output-format': 'xml' },
    input: 'output-format',
    says: /not one of: json, ndjson, csv/
  },
  {
    name: 'an output-file that is a folder',
    inputs: { 'output-file': 'out' },
    input: 'output-file',
    says: /is a folder/
  },
  {
    name: 'an unknown environment',
    inputs: { environment: 'azuregermancloud' },
    input: 'environment',
    says: /not one of: azurecloud, azureusgovernment, azurechinacloud/
  },
  {
    name: 'an http:// endpoint',
    inputs: { endpoint: 'http://127.0.0.1:1' },
    input: 'endpoint',
    says: /must use https/
  },
  {
    name: 'an http:// authority-host',
    inputs: { 'authority-host': 'http://127.0.0.1:1' },
    input: 'authority-host',
    says: /must use https/
  },
  {
    name: 'an endpoint that is not a URL',
    inputs: { endpoint: 'api.loganalytics.io' },
    input: 'endpoint',
    says: /not a URL/
  },
  { name: 'summary that is not a boolean', inputs: { summary: 'yes' }, input: 'summary', says: /not a boolean/ },
  {
    name: 'a bad additional workspace',
    inputs: { 'additional-workspaces': 'ok-workspace\nnot a workspace!' },
    input: 'additional-workspaces',
    says: /"not a workspace!" is not a workspace ID/
  },
  { name: 'no client-id', inputs: { 'client-id': '' }, input: 'client-id', says: /is required/ },
  { name: 'a client-id that is not a GUID', inputs: { 'client-id': 'my-app' }, input: 'client-id', says: /not a GUID/ },
  { name: 'no tenant-id', inputs: { 'tenant-id': '' }, input: 'tenant-id', says: /is required/ },
  {
    name: 'a tenant-id with spaces',
    inputs: { 'tenant-id': 'my tenant' },
    input: 'tenant-id',
    says: /neither a GUID nor a domain name/
  },
  {
    name: 'no secret, no certificate and no ID token',
    inputs: { 'client-secret': '' },
    input: 'client-secret',
    says: /client-certificate, or use GitHub OIDC .*"permissions: id-token: write"/
  },
  {
    name: 'malformed creds JSON',
    inputs: creds(`{"clientId": "${CLIENT_ID}", "clientSecret": "${CLIENT_SECRET}"`),
    input: 'creds',
    says: /not a JSON object/
  },
  {
    name: 'creds without clientSecret',
    inputs: creds({ clientId: CLIENT_ID, tenantId: TENANT_ID }),
    input: 'creds',
    says: /has no "clientSecret"/
  },
  {
    name: 'creds and client-secret together',
    inputs: { creds: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenantId: TENANT_ID }) },
    input: 'creds',
    says: /not both/
  },
  {
    name: 'creds disagreeing with client-id',
    inputs: {
      ...creds({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenantId: TENANT_ID }),
      'client-id': '11111111-1111-4111-8111-111111111111'
    },
    input: 'client-id',
    says: /differs from "clientId" in creds/
  },
  { name: 'max-retries above 10', inputs: { 'max-retries': '11' }, input: 'max-retries', says: /out of range/ },
  {
    name: 'a max-value that is not a number',
    inputs: { 'max-value': 'high' },
    input: 'max-value',
    says: /"high" is not a number/
  },
  { name: 'a min-value in hexadecimal', inputs: { 'min-value': '0x10' }, input: 'min-value', says: /is not a number/ },
  {
    name: 'min-value above max-value',
    inputs: { 'min-value': '1', 'max-value': '0.5' },
    input: 'min-value',
    says: /above max-value 0\.5/
  },
  {
    name: 'warn-count not below max-count',
    inputs: { 'warn-count': '10', 'max-count': '5' },
    input: 'warn-count',
    says: /not below max-count 5/
  },
  {
    name: 'warn-value not below max-value',
    inputs: { 'warn-value': '0.9', 'max-value': '0.9' },
    input: 'warn-value',
    says: /not below max-value 0\.9/
  },
  {
    name: 'warn-count below min-count',
    inputs: { 'warn-count': '1', 'min-count': '5' },
    input: 'warn-count',
    says: /every passing result would warn/
  },
  { name: 'a negative warn-count', inputs: { 'warn-count': '-3' }, input: 'warn-count', says: /cannot be negative/ },
  {
    name: 'watch and wait-until together',
    inputs: { 'max-count': '5', watch: '5m', 'wait-until': '10m' },
    input: 'watch',
    says: /either watch or wait-until, not both/
  },
  {
    name: 'a watch in words',
    inputs: { 'max-count': '5', watch: '5 minutes' },
    input: 'watch',
    says: /"5 minutes" is not a duration: write 90s, 5m, 1h or ISO 8601/
  },
  {
    name: 'a wait-until in months',
    inputs: { 'max-count': '5', 'wait-until': 'P1M' },
    input: 'wait-until',
    says: /is not a duration/
  },
  { name: 'a delay longer than a day', inputs: { delay: '2d' }, input: 'delay', says: /too long: at most 24 h/ },
  { name: 'a negative delay', inputs: { delay: '-5m' }, input: 'delay', says: /is not a duration/ },
  {
    name: 'an interval of 0',
    inputs: { 'max-count': '5', watch: '5m', interval: '0s' },
    input: 'interval',
    says: /longer than zero/
  },
  {
    name: 'an interval under a second',
    inputs: { 'max-count': '5', watch: '5m', interval: 'PT0.2S' },
    input: 'interval',
    says: /too short: use 1 s or more/
  },
  {
    name: 'an interval longer than the watch',
    inputs: { 'max-count': '5', watch: '30s', interval: '1m' },
    input: 'interval',
    says: /1 min is longer than watch 30 s/
  },
  { name: 'a watch without a threshold', inputs: { watch: '5m' }, input: 'watch', says: /needs a threshold/ },
  {
    name: 'a wait-until with only a warning threshold',
    inputs: { 'wait-until': '5m', 'warn-count': '3' },
    input: 'wait-until',
    says: /needs a threshold/
  },
  {
    name: 'failure-limit without watch',
    inputs: { 'max-count': '5', 'failure-limit': '1' },
    input: 'failure-limit',
    says: /works with watch only/
  },
  {
    name: 'failure-limit with wait-until',
    inputs: { 'max-count': '5', 'wait-until': '5m', 'failure-limit': '1' },
    input: 'failure-limit',
    says: /works with watch only/
  },
  {
    name: 'a negative failure-limit',
    inputs: { 'max-count': '5', watch: '5m', 'failure-limit': '-1' },
    input: 'failure-limit',
    says: /cannot be negative from 0 to 100/
  },
  {
    name: 'a failure-limit above 100',
    inputs: { 'max-count': '5', watch: '5m', 'failure-limit': '101' },
    input: 'failure-limit',
    says: /out of range: use 0 to 100/
  },
  {
    name: 'a failure-limit that is not whole',
    inputs: { 'max-count': '5', watch: '5m', 'failure-limit': '1.5' },
    input: 'failure-limit',
    says: /must be a whole number from 0 to 100/
  },
  {
    name: 'a failure-limit tolerating every sample',
    inputs: { 'max-count': '5', watch: '2m', 'failure-limit': '3' },
    input: 'failure-limit',
    says: /watch could never fail: use at most 2/
  },
  {
    name: 'consecutive-successes without wait-until',
    inputs: { 'max-count': '5', 'consecutive-successes': '2' },
    input: 'consecutive-successes',
    says: /works with wait-until only/
  },
  {
    name: 'consecutive-successes with watch',
    inputs: { 'max-count': '5', watch: '5m', 'consecutive-successes': '2' },
    input: 'consecutive-successes',
    says: /works with wait-until only/
  },
  {
    name: 'consecutive-successes of 0',
    inputs: { 'max-count': '5', 'wait-until': '5m', 'consecutive-successes': '0' },
    input: 'consecutive-successes',
    says: /out of range: use 1 to 100/
  },
  {
    name: 'consecutive-successes that cannot fit',
    inputs: { 'max-count': '5', 'wait-until': '2m', 'consecutive-successes': '4' },
    input: 'consecutive-successes',
    says: /takes at most 3 samples.*use at most 3, or a longer wait-until/
  },
  {
    name: 'error-limit without watch or wait-until',
    inputs: { 'max-count': '5', 'error-limit': '1' },
    input: 'error-limit',
    says: /works with watch or wait-until only/
  },
  {
    name: 'an error-limit above 100',
    inputs: { 'max-count': '5', watch: '5m', 'error-limit': '1000' },
    input: 'error-limit',
    says: /out of range: use 0 to 100/
  },
  {
    name: 'a negative summary-rows',
    inputs: { 'summary-rows': '-1' },
    input: 'summary-rows',
    says: /cannot be negative/
  },
  {
    name: 'summary-rows above 1000',
    inputs: { 'summary-rows': '5000' },
    input: 'summary-rows',
    says: /out of range: use 0 to 1000/
  },
  {
    name: 'an unknown auth-type',
    inputs: { 'auth-type': 'oidc' },
    input: 'auth-type',
    says: /not one of: service-principal, managed-identity, azure-cli/
  },
  {
    name: 'a client-certificate file that does not exist',
    inputs: withCertificate('certs/missing.pem'),
    input: 'client-certificate',
    says: /certs\/missing\.pem does not exist/
  },
  {
    name: 'a client-certificate path that is a folder',
    inputs: withCertificate('certs'),
    input: 'client-certificate',
    says: /is a folder/
  },
  {
    name: 'a client-certificate file that is not PEM',
    inputs: withCertificate('certs/app.pfx'),
    input: 'client-certificate',
    says: /is not a PEM file.*openssl pkcs12/
  },
  {
    name: 'a base64 .pfx instead of PEM',
    inputs: withCertificate('MIIKWQIBAzCCCh8GCSqGSIb3DQEHAaCCChAEggoMMIIKCDCCBL8G'.repeat(30)),
    input: 'client-certificate',
    says: /neither PEM text .* nor a path/
  },
  {
    name: 'a client-certificate without its private key',
    inputs: withCertificate(certificate.certPem),
    input: 'client-certificate',
    says: /holds no private key/
  },
  {
    name: 'a client-certificate with a key but no certificate',
    inputs: withCertificate(certificate.keyPem),
    input: 'client-certificate',
    says: /no certificate/
  },
  {
    name: 'a client-certificate whose key belongs to another certificate',
    inputs: withCertificate(other.certPem + certificate.keyPem),
    input: 'client-certificate',
    says: /belongs to none of its certificates/
  },
  {
    name: 'an EC client-certificate',
    inputs: withCertificate(ecPem),
    input: 'client-certificate',
    says: /of type EC; Entra ID signs in applications only with RSA certificates/
  },
  {
    name: 'an encrypted key without a password',
    inputs: withCertificate(certificate.encryptedPem),
    input: 'client-certificate-password',
    says: /is required: the private key in client-certificate is encrypted/
  },
  {
    name: 'an encrypted key with a wrong password',
    inputs: withCertificate(certificate.encryptedPem, 'not-the-password'),
    input: 'client-certificate-password',
    says: /does not decrypt the private key/
  },
  {
    name: 'a certificate password without a certificate',
    inputs: { 'client-certificate-password': 'pw' },
    input: 'client-certificate-password',
    says: /without client-certificate/
  },
  {
    name: 'managed-identity with a client-id that is not a GUID',
    inputs: { 'auth-type': 'managed-identity', 'client-secret': '', 'client-id': 'runner-identity' },
    input: 'client-id',
    says: /"runner-identity" is not a GUID: the client ID of a user-assigned identity/
  },
  {
    name: 'managed-identity with a client secret',
    inputs: { 'auth-type': 'managed-identity' },
    input: 'client-secret',
    says: /is not used with auth-type managed-identity/
  },
  {
    name: 'azure-cli with a client-id',
    inputs: { 'auth-type': 'azure-cli', 'client-secret': '' },
    input: 'client-id',
    says: /is not used with auth-type azure-cli/
  },
  {
    name: 'azure-cli with a certificate',
    inputs: { 'auth-type': 'azure-cli', ...withCertificate(certificate.pem), 'client-id': '' },
    input: 'client-certificate',
    says: /is not used with auth-type azure-cli/
  },
  {
    name: 'azure-cli with a tenant-id that is neither a GUID nor a domain',
    inputs: { 'auth-type': 'azure-cli', 'client-secret': '', 'client-id': '', 'tenant-id': 'my tenant' },
    input: 'tenant-id',
    says: /neither a GUID nor a domain name/
  },
  { name: 'an unknown mode', inputs: { mode: 'async' }, input: 'mode', says: /not one of: query, search-job/ },
  {
    name: 'a search job watched over time',
    inputs: search({ watch: '5m', 'max-count': '1' }),
    input: 'watch',
    says: /works with mode: query only/
  },
  {
    name: 'a search job waited on',
    inputs: search({ 'wait-until': '5m', 'max-count': '1' }),
    input: 'wait-until',
    says: /works with mode: query only/
  },
  {
    name: 'a search job on a workspace ID (GUID)',
    inputs: { mode: 'search-job' },
    input: 'workspace',
    says: /needs the workspace's resource ID, .* not its workspace ID \(a GUID\).*subscription, resource group and name/
  },
  {
    name: 'a search job on a resource that is not a workspace',
    inputs: search({ workspace: APP_RESOURCE_ID }),
    input: 'workspace',
    says: /needs the workspace's resource ID.*which is not a workspace/
  },
  {
    name: 'a search job with start-time after end-time',
    inputs: search({ 'start-time': '2026-11-02T00:00:00Z', 'end-time': '2026-11-01T00:00:00Z' }),
    input: 'start-time',
    says: /2026-11-02T00:00:00Z is not before end-time 2026-11-01T00:00:00Z/
  },
  {
    name: 'a search job starting in the future',
    inputs: search({ 'start-time': '2999-01-01' }),
    input: 'start-time',
    says: /2999-01-01 is not before now \(2026-11-05T12:00:00Z\)\./
  },
  {
    name: 'a start-time that is not a time',
    inputs: search({ 'start-time': 'last monday' }),
    input: 'start-time',
    says: /not an ISO 8601 date or time/
  },
  {
    name: 'a start-time without a time zone',
    inputs: search({ 'start-time': '2026-11-01T06:00:00' }),
    input: 'start-time',
    says: /needs its zone/
  },
  {
    name: 'an end-time without start-time',
    inputs: search({ 'end-time': '2026-11-01' }),
    input: 'end-time',
    says: /needs start-time too/
  },
  {
    name: 'both timespan and start-time',
    inputs: search({ timespan: 'P7D', 'start-time': '2026-11-01' }),
    input: 'timespan',
    says: /either timespan or start-time\/end-time, not both/
  },
  {
    name: 'a search job over all time',
    inputs: search({ timespan: 'all' }),
    input: 'timespan',
    says: /needs a time range, not all/
  },
  {
    name: 'a poll-interval that is not a duration',
    inputs: search({ 'poll-interval': 'often' }),
    input: 'poll-interval',
    says: /"often" is not a duration: write 90s, 5m, 1h/
  },
  {
    name: 'a zero poll-interval',
    inputs: search({ 'poll-interval': '0s' }),
    input: 'poll-interval',
    says: /out of range: use 1\.0 s to 1 h/
  },
  {
    name: "a job-timeout over the service's 24 h",
    inputs: search({ 'job-timeout': '25h' }),
    input: 'job-timeout',
    says: /25h is out of range: use 1\.0 s to 24 h/
  },
  {
    name: 'a job-timeout in months',
    inputs: search({ 'job-timeout': 'P1M' }),
    input: 'job-timeout',
    says: /not a duration/
  },
  {
    name: 'a search-table with invalid characters',
    inputs: search({ 'search-table': 'Failed-Sign-ins_SRCH' }),
    input: 'search-table',
    says: /not a table name: use letters, digits and underscores/
  },
  {
    name: 'a search-table not ending _SRCH',
    inputs: search({ 'search-table': 'FailedSignins' }),
    input: 'search-table',
    says: /does not end with _SRCH.*such as FailedSignins_SRCH/
  },
  {
    name: 'a search-table ending _srch in lower case',
    inputs: search({ 'search-table': 'FailedSignins_srch' }),
    input: 'search-table',
    says: /does not end with _SRCH \(in capitals\)/
  },
  {
    name: 'a search-table that is too long',
    inputs: search({ 'search-table': `${'A'.repeat(60)}_SRCH` }),
    input: 'search-table',
    says: /65 characters long; use at most 63/
  },
  {
    name: 'a search job with max-records 0',
    inputs: search({ 'max-records': '0' }),
    input: 'max-records',
    says: /out of range: use 1 to 100000000/
  },
  {
    name: "a search job with max-records above the service's limit",
    inputs: search({ 'max-records': '100000001' }),
    input: 'max-records',
    says: /out of range/
  },
  {
    name: 'keep-search-table that is not a boolean',
    inputs: search({ 'keep-search-table': 'yes' }),
    input: 'keep-search-table',
    says: /not a boolean/
  },
  {
    name: 'a search job that summarizes',
    inputs: search({ query: 'AppExceptions\n| summarize count() by AppRoleName' }),
    input: 'query',
    says: /accepts only where, extend, project.*; line 2 uses "summarize"/
  },
  {
    name: 'a search job that takes',
    inputs: search({ query: "AppExceptions | where AppRoleName == 'a|b' | take 10" }),
    input: 'query',
    says: /line 1 uses "take"/
  },
  {
    name: 'a search job that joins',
    inputs: search({ query: 'AppExceptions\n| join (Heartbeat) on Computer' }),
    input: 'query',
    says: /uses "join"/
  },
  {
    name: 'a search job that starts with let',
    inputs: search({ query: 'let since = ago(1d);\nAppExceptions | where TimeGenerated > since' }),
    input: 'query',
    says: /must start with a table name.*it starts with "let"/
  },
  {
    name: 'a search job with an unclosed string',
    inputs: search({ query: "AppExceptions | where AppRoleName == 'api" }),
    input: 'query',
    says: /string that opens on line 1 is not closed/
  },
  {
    name: 'a search job over more workspaces',
    inputs: search({ 'additional-workspaces': 'shop-logs-eu' }),
    input: 'additional-workspaces',
    says: /a search job searches one workspace/
  },
  {
    name: 'an http:// arm-endpoint',
    inputs: { 'arm-endpoint': 'http://127.0.0.1:1' },
    input: 'arm-endpoint',
    says: /must use https/
  },
  {
    name: 'a search-table in query mode',
    inputs: { 'search-table': 'Heartbeat_SRCH' },
    input: 'search-table',
    says: /is only for mode: search-job/
  },
  {
    name: 'a start-time in query mode',
    inputs: { 'start-time': '2026-11-01' },
    input: 'start-time',
    says: /is only for mode: search-job.*timespan: an interval start\/end/
  },
  {
    name: 'a fail-if that does not compile',
    inputs: { 'fail-if': 'errorRate >' },
    input: 'fail-if',
    says: /not a CEL expression .*Unexpected token: EOF at column 12 of "errorRate >"/
  },
  {
    name: 'a fail-if that is not true or false',
    inputs: { 'fail-if': 'p95 + 1' },
    input: 'fail-if',
    says: /gives int, not true or false: write a comparison/
  },
  {
    name: 'a fail-if that adds an int to a double',
    inputs: { 'fail-if': 'count + 0.5 > 2.0' },
    input: 'fail-if',
    says: /no such overload: int \+ double/
  },
  {
    name: 'a warn-if with an unclosed string',
    inputs: { 'warn-if': "AppRoleName == 'api" },
    input: 'warn-if',
    says: /not a CEL expression/
  },
  {
    name: 'an on-no-data that is not a choice',
    inputs: { 'fail-if': 'p95 > 800', 'on-no-data': 'ignore' },
    input: 'on-no-data',
    says: /"ignore" is not one of: fail, warn, pass/
  },
  {
    name: 'an on-no-data without anything that needs a row',
    inputs: { 'max-count': '5', 'on-no-data': 'pass' },
    input: 'on-no-data',
    says: /does nothing here: set fail-if, warn-if or a value threshold/
  },
  {
    name: 'a parameter line without =',
    inputs: { parameters: 'release v1.2.3' },
    input: 'parameters',
    says: /line 1 is not name = value/
  },
  {
    name: 'a parameter name with a dash',
    inputs: { parameters: 'deploy-time = 5' },
    input: 'parameters',
    says: /line 1: "deploy-time" is not a name: use letters, digits and _/
  },
  {
    name: 'a parameter name starting with a digit',
    inputs: { parameters: '# first\n\n1st = a' },
    input: 'parameters',
    says: /line 3: "1st" is not a name/
  },
  { name: 'a parameter without a name', inputs: { parameters: ' = a' }, input: 'parameters', says: /"" is not a name/ },
  {
    name: 'a parameter named like a KQL keyword',
    inputs: { parameters: 'where = a' },
    input: 'parameters',
    says: /line 1: where is a KQL word.*such as where_value/
  },
  {
    name: 'a parameter named like a KQL type, in capitals',
    inputs: { parameters: 'DateTime:datetime = 2026-11-01' },
    input: 'parameters',
    says: /DateTime is a KQL word/
  },
  {
    name: 'a parameter named true',
    inputs: { parameters: 'true:bool = true' },
    input: 'parameters',
    says: /true is a KQL word/
  },
  {
    name: 'a parameter given twice',
    inputs: { parameters: 'release = a\nRelease = b' },
    input: 'parameters',
    says: /release is given twice \(line 2\)/
  },
  {
    name: 'a parameter of an unknown type',
    inputs: { parameters: 'n:number = 5' },
    input: 'parameters',
    says: /"n:number" has no type KQL parameters have; use one of: string, long, int, real, decimal, bool, datetime, timespan, guid, dynamic/
  },
  {
    name: 'a parameter with two types',
    inputs: { parameters: 'n:long:int = 5' },
    input: 'parameters',
    says: /has no type KQL parameters have/
  },
  {
    name: 'a long that is not a whole number',
    inputs: { parameters: 'n:long = 1.5' },
    input: 'parameters',
    says: /line 1 \(n\): "1.5" is not a whole number/
  },
  {
    name: 'a long beyond 64 bits',
    inputs: { parameters: 'n:long = 9223372036854775808' },
    input: 'parameters',
    says: /beyond the range of a long \(64 bits\): -9223372036854775808 to 9223372036854775807/
  },
  {
    name: 'an int beyond 32 bits',
    inputs: { parameters: 'n:int = 2147483648' },
    input: 'parameters',
    says: /beyond the range of an int/
  },
  { name: 'an empty long', inputs: { parameters: 'n:long =' }, input: 'parameters', says: /"" is not a whole number/ },
  {
    name: 'a real that is not a number',
    inputs: { parameters: 'r:real = 1,5' },
    input: 'parameters',
    says: /"1,5" is not a number/
  },
  {
    name: 'a real beyond a double',
    inputs: { parameters: 'r:real = 1e400' },
    input: 'parameters',
    says: /beyond the range of a real/
  },
  {
    name: 'a real written as NaN',
    inputs: { parameters: 'r:real = NaN' },
    input: 'parameters',
    says: /is not a number/
  },
  {
    name: 'a decimal with an exponent',
    inputs: { parameters: 'd:decimal = 1e3' },
    input: 'parameters',
    says: /is not a decimal: .*no exponent/
  },
  {
    name: 'a decimal beyond 96 bits',
    inputs: { parameters: 'd:decimal = 79228162514264337593543950336' },
    input: 'parameters',
    says: /beyond the range of a decimal/
  },
  {
    name: 'a bool written yes',
    inputs: { parameters: 'b:bool = yes' },
    input: 'parameters',
    says: /"yes" is not a bool: write true or false/
  },
  {
    name: 'a datetime that is not ISO 8601',
    inputs: { parameters: 't:datetime = 11/01/2026' },
    input: 'parameters',
    says: /is not an ISO 8601 date and time/
  },
  {
    name: 'a datetime on a day that does not exist',
    inputs: { parameters: 't:datetime = 2026-02-30T00:00:00Z' },
    input: 'parameters',
    says: /is not a real date and time/
  },
  {
    name: 'a datetime at hour 24',
    inputs: { parameters: 't:datetime = 2026-11-01T24:00:00Z' },
    input: 'parameters',
    says: /is not a real date and time/
  },
  {
    name: 'a datetime with a function call after it',
    inputs: { parameters: 't:datetime = 2026-11-01) | take 1' },
    input: 'parameters',
    says: /is not an ISO 8601 date and time/
  },
  {
    name: 'a timespan parameter in words',
    inputs: { parameters: 'w:timespan = 5 minutes' },
    input: 'parameters',
    says: /is not a timespan: write it like 5m/
  },
  {
    name: 'a timespan with 61 minutes',
    inputs: { parameters: 'w:timespan = 00:61:00' },
    input: 'parameters',
    says: /is not a timespan/
  },
  {
    name: 'a guid with a typo',
    inputs: { parameters: 'g:guid = 74be27de-1e4e-49d9-b579-fe0b331d364' },
    input: 'parameters',
    says: /is not a GUID/
  },
  {
    name: 'a dynamic that is not JSON',
    inputs: { parameters: "x:dynamic = {region:'westeurope'}" },
    input: 'parameters',
    says: /is not JSON/
  },
  {
    name: 'a dynamic that closes its parenthesis',
    inputs: { parameters: 'x:dynamic = 1) | take 1' },
    input: 'parameters',
    says: /is not JSON/
  },
  {
    name: 'a quoted value that is not one JSON string',
    inputs: { parameters: 'release = "v1" and more' },
    input: 'parameters',
    says: /line 1 \(release\): the value starts with " but is not one JSON string/
  },
  {
    name: 'a value holding a NUL character',
    inputs: { parameters: 'release = "a\\u0000b"' },
    input: 'parameters',
    says: /holds a NUL character/
  },
  {
    name: 'a value over 64 KiB',
    inputs: { parameters: `release = ${'x'.repeat(64 * 1024 + 1)}` },
    input: 'parameters',
    says: /the value is 65537 bytes; a parameter holds at most 65536/
  },
  {
    name: 'more than 100 parameters',
    inputs: { parameters: Array.from({ length: 101 }, (_, i) => `p${i} = ${i}`).join('\n') },
    input: 'parameters',
    says: /gives 101 parameters; at most 100/
  },
  {
    name: 'parameters that make the query over 1 MiB',
    inputs: { parameters: Array.from({ length: 20 }, (_, i) => `p${i} = "${'\\"'.repeat(60_000)}"`).join('\n') },
    input: 'parameters',
    says: /the query with its parameters is .* bytes, over the limit of 1 MiB/
  },
  {
    name: 'parameters in a search job',
    inputs: search({
      query: 'AppExceptions',
      'start-time': '2026-11-01',
      'end-time': '2026-11-02',
      parameters: 'release = v1'
    }),
    input: 'parameters',
    says: /works with mode: query only: a search job runs its query without let statements/
  },
  {
    name: 'a baseline over all time',
    inputs: { timespan: 'all', baseline: 'previous' },
    input: 'baseline',
    says: /needs a window to compare with, and timespan: all has none: set timespan to a duration/
  },
  {
    name: 'a baseline of a search job',
    inputs: search({ baseline: 'previous' }),
    input: 'baseline',
    says: /works with mode: query only/
  },
  {
    name: 'a baseline in words',
    inputs: { baseline: 'last week' },
    input: 'baseline',
    says: /"last week" is neither previous nor a duration: write previous, 1d, 7d/
  },
  {
    name: 'a baseline in months',
    inputs: { baseline: 'P1M' },
    input: 'baseline',
    says: /"P1M" is neither previous nor a duration/
  },
  {
    name: 'a negative baseline',
    inputs: { baseline: '-1d' },
    input: 'baseline',
    says: /neither previous nor a duration/
  },
  { name: 'a zero baseline', inputs: { baseline: '0d' }, input: 'baseline', says: /must be longer than zero/ },
  {
    name: 'a baseline further back than retention',
    inputs: { baseline: '1000d' },
    input: 'baseline',
    says: /"1000d" is too long: at most 730 days back/
  },
  {
    name: 'a baseline that overlaps the current window',
    inputs: { timespan: '7d', baseline: '1d' },
    input: 'baseline',
    says: /"1d" is shorter than timespan P7D: the two windows would overlap/
  },
  {
    name: 'a baseline of a timespan in months',
    inputs: { timespan: 'P1M', baseline: 'previous' },
    input: 'baseline',
    says: /needs a timespan of fixed length, and P1M counts months or years/
  }
]

let root: string
/** The runner's environment: a repository and RUNNER_TEMP, and no GitHub OIDC on offer. */
let env: NodeJS.ProcessEnv

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'input-refusals-'))
  const repo = join(root, 'repo')
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), text)
  }
  mkdirSync(join(root, 'runner-temp'))
  env = { GITHUB_WORKSPACE: repo, RUNNER_TEMP: join(root, 'runner-temp') }
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('readSettings (then loadConditions) refuses', () => {
  it('at least 100 mistakes', () => {
    expect(refusals.length).toBeGreaterThanOrEqual(100)
    expect(new Set(refusals.map(refusal => refusal.name)).size).toBe(refusals.length)
  })

  it.each(refusals)('$name: one line naming $input', async ({ inputs, input, says }) => {
    const error = await inputRejection(async () => {
      const settings = readSettings(reader({ ...EMULATOR_INPUTS, ...inputs }), env, NOW)
      await loadConditions(settings.gate)
    })
    expect(error.input).toBe(input)
    expect(error.message.startsWith(`Input '${input}': `), error.message).toBe(true)
    expect(error.message).toMatch(says)
    expect(error.message).not.toMatch(/[\r\n]/)
    for (const secret of SECRETS) expect(error.message).not.toContain(secret)
  })
})
