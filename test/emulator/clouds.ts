/**
 * The three clouds as the contract (§1) describes them, kept apart from the
 * action's own table so the emulator checks the action instead of agreeing
 * with it. Each cloud's hosts answer only for that cloud.
 */
export interface EmulatedCloud {
  name: string
  /** Entra ID hosts (msal sends China's requests to login.partner.microsoftonline.cn). */
  authorityHosts: string[]
  /** The Logs API hosts. */
  queryHosts: string[]
  /** The resource the Logs API's tokens are for. */
  logsResource: string
  /** Azure Resource Manager's hosts (search jobs). */
  armHosts: string[]
  /** The resource Azure Resource Manager's tokens are for. */
  armResource: string
  /** The audience a federated credential in this cloud expects of a GitHub token. */
  oidcAudience: string
}

export const EMULATED_CLOUDS: EmulatedCloud[] = [
  {
    name: 'azurecloud',
    authorityHosts: ['login.microsoftonline.com'],
    queryHosts: ['api.loganalytics.io', 'api.loganalytics.azure.com'],
    logsResource: 'https://api.loganalytics.io',
    armHosts: ['management.azure.com'],
    armResource: 'https://management.azure.com',
    oidcAudience: 'api://AzureADTokenExchange'
  },
  {
    name: 'azureusgovernment',
    authorityHosts: ['login.microsoftonline.us'],
    queryHosts: ['api.loganalytics.us'],
    logsResource: 'https://api.loganalytics.us',
    armHosts: ['management.usgovcloudapi.net'],
    armResource: 'https://management.usgovcloudapi.net',
    oidcAudience: 'api://AzureADTokenExchangeUSGov'
  },
  {
    name: 'azurechinacloud',
    authorityHosts: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
    queryHosts: ['api.loganalytics.azure.cn'],
    logsResource: 'https://api.loganalytics.azure.cn',
    armHosts: ['management.chinacloudapi.cn'],
    armResource: 'https://management.chinacloudapi.cn',
    oidcAudience: 'api://AzureADTokenExchangeChina'
  }
]

/** The Logs API resources of all clouds. */
export const LOGS_RESOURCES = EMULATED_CLOUDS.map(cloud => cloud.logsResource)

/** The Azure Resource Manager resources of all clouds. */
export const ARM_RESOURCES = EMULATED_CLOUDS.map(cloud => cloud.armResource)

/**
 * The cloud whose Azure Resource Manager answers on this Host header; undefined for the emulator's own (loopback)
 * names.
 */
export function cloudOfArmHost(host: string): EmulatedCloud | undefined {
  return EMULATED_CLOUDS.find(cloud => cloud.armHosts.includes(hostName(host)))
}

/** The cloud whose Entra ID answers on this Host header; undefined for the emulator's own (loopback) names. */
export function cloudOfAuthority(host: string): EmulatedCloud | undefined {
  return EMULATED_CLOUDS.find(cloud => cloud.authorityHosts.includes(hostName(host)))
}

/** The cloud whose Logs API answers on this Host header; undefined for the emulator's own (loopback) names. */
export function cloudOfQueryHost(host: string): EmulatedCloud | undefined {
  return EMULATED_CLOUDS.find(cloud => cloud.queryHosts.includes(hostName(host)))
}

/** The host name of a Host header, without its port. */
export function hostName(host: string): string {
  return host.replace(/:\d+$/, '').toLowerCase()
}
