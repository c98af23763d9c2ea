import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A stand-in for the Azure CLI, for `auth-type: azure-cli`: a folder to put
 * first on PATH with `az` (and `az.cmd` for Windows) running a small Node
 * script. It answers `az account get-access-token --resource R` as the real
 * one does, from the session a test gives it, and logs every call.
 */
export interface StandInAz {
  /** The folder to put first on PATH. */
  folder: string
  /** A session as azure/login leaves it: the access token az hands out for each resource. */
  logIn(tokens: Record<string, string>): void
  /** No session: az answers as it does before `az login`. */
  logOut(): void
  /** The arguments of every call so far. */
  calls(): string[][]
}

const SCRIPT = String.raw`
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const folder = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
appendFileSync(join(folder, 'calls.log'), JSON.stringify(args) + '\n')
const fail = text => {
  process.stderr.write(text + '\n')
  process.exit(1)
}
if (args[0] !== 'account' || args[1] !== 'get-access-token') fail("ERROR: '" + args.join(' ') + "' is misspelled or not recognized by the system.")
const session = join(folder, 'session.json')
if (!existsSync(session)) fail("ERROR: Please run 'az login' to setup account.")
const tokens = JSON.parse(readFileSync(session, 'utf8'))
const resource = args[args.indexOf('--resource') + 1]
const token = tokens[resource]
if (!token) fail("ERROR: AADSTS500011: The resource principal named " + resource + " was not found in the tenant. Trace ID: 00000000-0000-0000-0000-000000000000")
const expires = new Date(Date.now() + 3600_000)
const pad = n => String(n).padStart(2, '0')
const local = expires.getFullYear() + '-' + pad(expires.getMonth() + 1) + '-' + pad(expires.getDate()) + ' ' + pad(expires.getHours()) + ':' + pad(expires.getMinutes()) + ':' + pad(expires.getSeconds()) + '.000000'
process.stdout.write(JSON.stringify({
  accessToken: token,
  expiresOn: local,
  expires_on: Math.floor(expires.getTime() / 1000),
  subscription: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
  tenant: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  tokenType: 'Bearer'
}, null, 2) + '\n')
`

export function installStandInAz(): StandInAz {
  const folder = mkdtempSync(join(tmpdir(), 'laq-az-'))
  writeFileSync(join(folder, 'az.mjs'), SCRIPT)
  writeFileSync(join(folder, 'az'), `#!/bin/sh\nexec "${process.execPath}" "$(dirname "$0")/az.mjs" "$@"\n`)
  chmodSync(join(folder, 'az'), 0o755)
  writeFileSync(join(folder, 'az.cmd'), `@"${process.execPath}" "%~dp0az.mjs" %*\r\n`)
  const session = join(folder, 'session.json')
  const log = join(folder, 'calls.log')
  return {
    folder,
    logIn: tokens => writeFileSync(session, JSON.stringify(tokens)),
    logOut: () => rmSync(session, { force: true }),
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(line => line !== '')
            .map(line => JSON.parse(line) as string[])
        : []
  }
}
