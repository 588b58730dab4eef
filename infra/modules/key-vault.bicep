// Key Vault in RBAC mode for the app's two secrets: the bootstrap admin API key and the webhook signing secret.
// The app never calls the vault: its settings hold @Microsoft.KeyVault(SecretUri=...) references that the platform
// resolves with the app's identity (Key Vault Secrets User) before the handler starts, so the 30 s start-up window
// is not spent on Key Vault.
//
// A secret is written only when this deployment is given a value for it. An empty value leaves the vault as it is,
// so a later deployment never rotates a secret by accident; the vault is the place secrets live and are rotated
// (docs/operations.md, "Secrets").

@description('Key Vault name (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags object

@description('Purge protection: a deleted vault and its secrets stay recoverable for the retention period and cannot be purged early. Once on, it cannot be turned off.')
param enablePurgeProtection bool

@description('Bootstrap admin API key (Tthc__AdminApiKey). Empty leaves the vault\'s current value.')
@secure()
param adminApiKey string

@description('Webhook signing secret (Tthc__Webhooks__SigningSecret). Empty leaves the vault\'s current value.')
@secure()
param webhookSigningSecret string

var adminApiKeySecretName = 'tthc-admin-api-key'
var webhookSigningSecretName = 'tthc-webhook-signing-secret'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The service rejects `false`: purge protection is either on or absent.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource adminApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(adminApiKey)) {
  parent: vault
  name: adminApiKeySecretName
  properties: {
    value: adminApiKey
    contentType: 'text/plain'
  }
}

resource webhookSigningSecretSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(webhookSigningSecret)) {
  parent: vault
  name: webhookSigningSecretName
  properties: {
    value: webhookSigningSecret
    contentType: 'text/plain'
  }
}

output name string = vault.name

output uri string = vault.properties.vaultUri

@description('Versionless URI of the admin API key: the app follows the latest version (re-read within 24 hours of a rotation).')
output adminApiKeyUri string = '${vault.properties.vaultUri}secrets/${adminApiKeySecretName}'

@description('Versionless URI of the webhook signing secret.')
output webhookSigningUri string = '${vault.properties.vaultUri}secrets/${webhookSigningSecretName}'
