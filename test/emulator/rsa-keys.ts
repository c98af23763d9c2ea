import { createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto'
import { RSA_KEYS_VARIABLE } from '../setup/keys.js'

/**
 * RSA 2048 key pairs for certificates and signatures: those test/setup/keys.ts made for the test run, each once
 * in this process, then fresh ones (and only fresh ones outside the tests: the demo, the bench, the CLI).
 */
const made: string[] = JSON.parse(process.env[RSA_KEYS_VARIABLE] ?? '[]') as string[]

/** The next key pair, as node KeyObjects. */
export function rsaKeyObjects(): { privateKey: KeyObject; publicKey: KeyObject } {
  const pem = made.shift()
  if (!pem) return generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privateKey = createPrivateKey(pem)
  return { privateKey, publicKey: createPublicKey(privateKey) }
}

/** The next key pair, as Web Crypto keys for `algorithm` (RSASSA-PKCS1-v1_5 with SHA-256, say). */
export async function rsaCryptoKeys(algorithm: RsaHashedImportParams): Promise<CryptoKeyPair> {
  const { privateKey, publicKey } = rsaKeyObjects()
  const imported = (key: KeyObject, format: 'pkcs8' | 'spki', usage: KeyUsage) =>
    webcrypto.subtle.importKey(format, key.export({ type: format, format: 'der' }), algorithm, true, [usage])
  return {
    privateKey: await imported(privateKey, 'pkcs8', 'sign'),
    publicKey: await imported(publicKey, 'spki', 'verify')
  }
}
