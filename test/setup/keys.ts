import { generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'

/**
 * RSA 2048 key pairs made once for the whole test run, in the background threads, and handed to every worker
 * process through the environment (set before the workers start): the emulator's certificates and GitHub's
 * signing key take them in turn (test/emulator/rsa-keys.ts) instead of each worker making its own (~0.25 s of
 * CPU a key on the 2-core machine; a run made about twenty).
 */
export const RSA_KEYS_VARIABLE = 'LAQ_TEST_RSA_KEYS'
const POOL = 6

export default async function setup(): Promise<void> {
  const keys = await Promise.all(
    Array.from({ length: POOL }, () =>
      promisify(generateKeyPair)('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' }
      })
    )
  )
  process.env[RSA_KEYS_VARIABLE] = JSON.stringify(keys.map(pair => pair.privateKey))
}
