/** A way of signing in: gives an access token for a scope (`https://api.loganalytics.io/.default`). */
export interface TokenProvider {
  /** Short description for the log: "service principal 0000… (client secret)". */
  readonly description: string
  getToken(scope: string): Promise<string>
}
