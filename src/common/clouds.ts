import type { Cloud, CloudName } from '../settings.js'

/** The Azure clouds the action knows (contract §1), by their azure/login names. */

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
