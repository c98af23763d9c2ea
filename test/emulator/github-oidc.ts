import { createHash, type KeyPairKeyObjectResult, randomBytes, randomUUID } from 'node:crypto'
import { FEDERATED_SUBJECT, GITHUB_ISSUER } from './directory.js'
import type { Reply } from './emulator.js'
import { decodeJwt, signJwt, verifyJwt } from './jwt.js'
import { rsaKeyObjects } from './rsa-keys.js'

/** What the runner gives a job that has `permissions: id-token: write`. */
export interface GitHubJob {
  /** ACTIONS_ID_TOKEN_REQUEST_URL's path and query (the emulator's origin goes before it). */
  requestPath: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string
}

/**
 * GitHub's ID token service for Actions (contract §2): `GET {url}&audience=…`
 * with the job's request token as Bearer answers `{"value": "<JWT>"}`, an ID
 * token signed by GitHub's key whose subject names the repository and ref.
 */
export class GitHubOidc {
  /** Seconds an ID token is valid (GitHub's are short-lived). */
  idTokenLifetimeSeconds = 300
  /** Every ID token handed out, for leak tests. */
  readonly idTokens: string[] = []
  private get keys(): KeyPairKeyObjectResult {
    return githubSigningKeys()
  }
  /** Subject of each job's ID tokens, by request token. */
  private readonly jobs = new Map<string, string>()

  /** Starts a job; its ID tokens carry `subject` (default: the main branch of octo-org/shop). */
  newJob(subject = FEDERATED_SUBJECT): GitHubJob {
    const requestToken = randomBytes(24).toString('base64url')
    this.jobs.set(requestToken, subject)
    return {
      requestPath: `/_apis/distributedtask/hubs/Actions/plans/${randomUUID()}/jobs/${randomUUID()}/idtoken?api-version=2.0`,
      requestToken
    }
  }

  /** The claims of an ID token GitHub signed; undefined when it did not sign it. */
  verify(token: string): Record<string, unknown> | undefined {
    const jwt = decodeJwt(token)
    return jwt && jwt.payload.iss === GITHUB_ISSUER && verifyJwt(jwt, this.keys.publicKey) ? jwt.payload : undefined
  }

  /** `GET …/idtoken?api-version=2.0&audience=…` with `Authorization: Bearer <request token>`. */
  handle(url: URL, headers: Record<string, string>): Reply {
    const subject = this.jobs.get((headers.authorization ?? '').replace(/^Bearer /, ''))
    if (!subject) return { status: 401, body: { message: 'Unauthorized: the request token is missing or not valid.' } }
    if (url.searchParams.get('api-version') !== '2.0')
      return { status: 400, body: { message: 'api-version 2.0 is required.' } }
    const repository = /^repo:([^:]+)/.exec(subject)?.[1] ?? 'octo-org/shop'
    const owner = repository.split('/')[0]
    const now = Math.floor(Date.now() / 1000)
    const token = signJwt(
      { kid: 'emulator-github-key' },
      {
        jti: randomUUID(),
        sub: subject,
        aud: url.searchParams.get('audience') ?? `https://github.com/${owner}`,
        ref: 'refs/heads/main',
        sha: createHash('sha1').update(subject).digest('hex'),
        repository,
        repository_owner: owner,
        run_id: '8212345678',
        run_attempt: '1',
        actor: 'octocat',
        workflow: 'deploy',
        event_name: 'push',
        job_workflow_ref: `${repository}/.github/workflows/deploy.yml@refs/heads/main`,
        iss: GITHUB_ISSUER,
        nbf: now - 5,
        iat: now,
        exp: now + this.idTokenLifetimeSeconds
      },
      this.keys.privateKey
    )
    this.idTokens.push(token)
    return { status: 200, body: { count: 1, value: token } }
  }
}

let signingKeys: KeyPairKeyObjectResult | undefined

/**
 * GitHub's signing key, taken on first use and shared by every emulator in the
 * process: no test tells one emulator's GitHub from another's by its key.
 */
function githubSigningKeys(): KeyPairKeyObjectResult {
  return (signingKeys ??= rsaKeyObjects())
}
