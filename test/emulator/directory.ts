/**
 * Who and what the emulator knows: one tenant with one app registration, one
 * workspace (by ID and by resource ID) and an app resource for resource-centric
 * queries. Tests and the demo use these values as a user would use theirs.
 */
export const TENANT_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
export const CLIENT_ID = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'
export const CLIENT_SECRET = 'Emu~8Q~sEcReT.v4lue_ThatMustNeverLeak'
export const WORKSPACE_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b'
export const SUBSCRIPTION_ID = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b'
export const WORKSPACE_RESOURCE_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-shop/providers/Microsoft.OperationalInsights/workspaces/shop-logs`
export const APP_RESOURCE_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api`
/** A well-formed workspace ID that no workspace has. */
export const UNKNOWN_WORKSPACE_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'

/** The issuer of GitHub Actions ID tokens, as a federated credential names it. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
/**
 * The subject a workflow on the main branch of octo-org/shop presents, registered as the app's federated credential.
 */
export const FEDERATED_SUBJECT = 'repo:octo-org/shop:ref:refs/heads/main'
/** The system-assigned identity of the machine the emulator's managed identity endpoint serves. */
export const SYSTEM_IDENTITY_CLIENT_ID = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f'
/** A user-assigned identity assigned to that machine. */
export const USER_IDENTITY_CLIENT_ID = '8f9e0d1c-2b3a-4f5e-9d6c-7b8a9f0e1d2c'
