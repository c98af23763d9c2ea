/**
 * The Azure clouds the action knows (contract §1). This is the only place where
 * their host names live: authority, query endpoint, token scope and OIDC audience
 * always switch together, because a token for one cloud is rejected by another.
 */
export interface Cloud {
  /** The azure/login spelling of the environment. */
  name: CloudName
  /** Entra ID host that issues tokens. */
  authorityHost: string
  /** The Logs query API. */
  queryEndpoint: string
  /** The resource whose `.default` scope a query token is requested for. */
  queryResource: string
  /** Azure Resource Manager (search jobs). */
  armEndpoint: string
  /** The resource whose `.default` scope an Azure Resource Manager token is requested for. */
  armResource: string
  /** Audience of the GitHub OIDC token exchanged for an Entra token. */
  oidcAudience: string
}

export type CloudName = 'azurecloud' | 'azureusgovernment' | 'azurechinacloud'

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  azurecloud: {
    name: 'azurecloud',
    authorityHost: 'https://login.microsoftonline.com',
    queryEndpoint: 'https://api.loganalytics.io',
    queryResource: 'https://api.loganalytics.io',
    armEndpoint: 'https://management.azure.com',
    armResource: 'https://management.azure.com',
    oidcAudience: 'api://AzureADTokenExchange'
  },
  azureusgovernment: {
    name: 'azureusgovernment',
    authorityHost: 'https://login.microsoftonline.us',
    queryEndpoint: 'https://api.loganalytics.us',
    queryResource: 'https://api.loganalytics.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armResource: 'https://management.usgovcloudapi.net',
    oidcAudience: 'api://AzureADTokenExchangeUSGov'
  },
  azurechinacloud: {
    name: 'azurechinacloud',
    authorityHost: 'https://login.chinacloudapi.cn',
    queryEndpoint: 'https://api.loganalytics.azure.cn',
    queryResource: 'https://api.loganalytics.azure.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armResource: 'https://management.chinacloudapi.cn',
    oidcAudience: 'api://AzureADTokenExchangeChina'
  }
}

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[]

/** The `.default` scope of a resource, as Entra ID expects it. */
export function defaultScope(resource: string): string {
  return `${resource.replace(/\/+$/, '')}/.default`
}
