/**
 * What the bundle holds in place of `undici` (tsconfig.json `paths`, which ncc
 * and the test bundle follow). @actions/http-client imports undici for one
 * method, `getAgentDispatcher()` (a proxy dispatcher for `fetch`), which this
 * action never calls: every request goes through http-client's `request` over
 * node:https. Bundled, undici was 40 % of dist/index.js and about half of the
 * action's start-up time.
 */
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: getAgentDispatcher() cannot be used')
  }
}
