import { ActionError } from '../common/errors.js'
import { header, retryAfterMs } from '../http/retry-policy.js'
import type { SearchJobSettings } from '../settings.js'
import { callArm, type ArmCaller } from './arm-client.js'
import { armErrorMessage } from './arm-error.js'
import { cancelSearchRequest, createSearchRequest, deleteTableRequest, isArmUrl } from './arm-paths.js'
import { parseJobStatus, type JobStatus } from './job-status.js'

/** The service refused to create the results table: there is nothing to clean up. */
export class JobRefusedError extends ActionError {
  override name = 'JobRefusedError'
}

/** A started job: the operation to poll, and how long the service asked to wait first. */
export interface StartedJob {
  operationUrl: string
  retryAfterMs?: number
}

/** One poll: the status (undefined when the answer was unreadable) and the wait the service asked for. */
export interface PolledStatus {
  status: JobStatus | undefined
  retryAfterMs?: number
}

/**
 * The requests of a search job's life (contract §4) on one results table:
 * create it (PUT, 202 + Azure-AsyncOperation), poll the operation, cancel the
 * search, delete the table. Cleanup requests use their own, shorter budget.
 */
export class SearchJobClient {
  constructor(
    private readonly armEndpoint: string,
    private readonly job: SearchJobSettings,
    private readonly caller: ArmCaller,
    private readonly cleanupCaller: ArmCaller
  ) {}

  /** Creates the results table, which starts the job. */
  async start(query: string): Promise<StartedJob> {
    const doing = `creating the search job's table ${this.job.table}`
    const answer = await callArm(doing, createSearchRequest(this.armEndpoint, this.job, query), this.caller)
    if (answer.status !== 200 && answer.status !== 201 && answer.status !== 202) {
      throw new JobRefusedError(armErrorMessage(doing, answer.status, answer.text))
    }
    const operationUrl = header(answer.headers, 'azure-asyncoperation')
    if (!operationUrl) {
      throw new ActionError(
        `The service accepted the search job (HTTP ${answer.status}) but gave no Azure-AsyncOperation header to follow it by.`
      )
    }
    if (!isArmUrl(operationUrl, this.armEndpoint)) {
      throw new ActionError(
        `The service's Azure-AsyncOperation URL is not on ${new URL(this.armEndpoint).host}; the token is not sent anywhere else.`
      )
    }
    const wait = retryAfterMs(answer.headers)
    return { operationUrl, ...(wait !== undefined && { retryAfterMs: wait }) }
  }

  /** Asks how the job is doing. */
  async status(operationUrl: string): Promise<PolledStatus> {
    const doing = "asking for the search job's status"
    const answer = await callArm(doing, { method: 'GET', url: operationUrl }, this.caller)
    if (answer.status !== 200) throw new ActionError(armErrorMessage(doing, answer.status, answer.text))
    const wait = retryAfterMs(answer.headers)
    return { status: parseJobStatus(answer.text), ...(wait !== undefined && { retryAfterMs: wait }) }
  }

  /** Cancels the search (`cancelSearch`); a job that is gone or over already is fine. */
  async cancel(): Promise<void> {
    const doing = `cancelling the search job of ${this.job.table}`
    const answer = await callArm(doing, cancelSearchRequest(this.armEndpoint, this.job), this.cleanupCaller)
    if (answer.status >= 300 && answer.status !== 404 && answer.status !== 409)
      throw new ActionError(armErrorMessage(doing, answer.status, answer.text))
  }

  /** Deletes the results table; a table that is gone already is fine. */
  async deleteTable(): Promise<void> {
    const doing = `deleting table ${this.job.table}`
    const answer = await callArm(doing, deleteTableRequest(this.armEndpoint, this.job), this.cleanupCaller)
    if (answer.status >= 300 && answer.status !== 404)
      throw new ActionError(armErrorMessage(doing, answer.status, answer.text))
  }
}
