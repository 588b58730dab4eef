// TthcServerless on Azure: one resource group holding a Flex Consumption function app (custom handler), its storage
// account, a user-assigned identity with exactly the roles it needs, Log Analytics + Application Insights and a Key
// Vault for the two app secrets. Nothing uses a storage key or a connection string with a secret.
//
// Deploy with `azd up` (azure.yaml, infra/main.bicepparam) or `az deployment group create` with a parameters file
// from infra/environments/ (docs/operations.md).

targetScope = 'resourceGroup'

@description('Environment name (azd: AZURE_ENV_NAME). Part of the resource-name hash and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Code of the province this deployment serves (Tthc__Province): lowercase letters, digits and hyphens, e.g. tien-giang. It is part of every storage key, so choose it before the first data arrives and never change it.')
@minLength(1)
@maxLength(40)
param province string = 'default'

@description('Azure region of every resource. Defaults to the resource group\'s region; it must offer Flex Consumption with the custom runtime.')
param location string = resourceGroup().location

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Always-ready instances for the HTTP group. 0 lets the app scale to zero; 1 keeps one warm (billed).')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 0

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days after its last modification before a report blob moves to the cool tier. Reports are never deleted automatically.')
@minValue(1)
param reportsCoolAfterDays int = 30

@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param blobDeleteRetentionDays int = 14

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Key Vault purge protection. Recommended for production; once on it cannot be turned off.')
param keyVaultPurgeProtection bool = true

@description('Bootstrap admin API key stored in Key Vault as tthc-admin-api-key. Empty keeps the vault\'s current value; give it on the first deployment.')
@secure()
param adminApiKey string = ''

@description('Webhook signing secret stored in Key Vault as tthc-webhook-signing-secret. Empty keeps the vault\'s current value; give it on the first deployment.')
@secure()
param webhookSigningSecret string = ''

@description('Object id of the person or group that operates the app (reads reports, requeues poison messages, rotates secrets). Empty for none. azd passes the signed-in user.')
param operatorPrincipalId string = ''

@description('Kind of principal operatorPrincipalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'tthc-serverless'
}
// Names are computed here, not read from module outputs, so What-If can predict every resource.
var names = {
  identity: 'id-tthc-${resourceToken}'
  workspace: 'log-tthc-${resourceToken}'
  applicationInsights: 'appi-tthc-${resourceToken}'
  storage: 'sttthc${resourceToken}'
  keyVault: 'kv-tthc-${resourceToken}'
  plan: 'plan-tthc-${resourceToken}'
  functionApp: 'func-tthc-${resourceToken}'
}

module identity 'modules/identity.bicep' = {
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    workspaceName: names.workspace
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSku
    deploymentContainerName: 'app-package'
    reportsCoolAfterDays: reportsCoolAfterDays
    deleteRetentionDays: blobDeleteRetentionDays
  }
}

module keyVault 'modules/key-vault.bicep' = {
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    adminApiKey: adminApiKey
    webhookSigningSecret: webhookSigningSecret
  }
}

module roles 'modules/role-assignments.bicep' = {
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
}

module functionApp 'modules/function-app.bicep' = {
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    adminApiKeyUri: keyVault.outputs.adminApiKeyUri
    webhookSigningUri: keyVault.outputs.webhookSigningUri
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    province: province
  }
  // The app resolves Key Vault references and reaches storage with its identity as soon as it starts.
  dependsOn: [
    roles
  ]
}

@description('Base URL of the HTTP API.')
output API_BASE_URL string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Function app name (az functionapp commands, zip deploy).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('azd: the deployed service\'s name and endpoint.')
output SERVICE_API_NAME string = functionApp.outputs.name

output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('Storage account (az storage ... --auth-mode login).')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Container the Excel reports are written to.')
output AZURE_STORAGE_REPORTS_CONTAINER string = storage.outputs.reportsContainerName

@description('Key Vault holding tthc-admin-api-key and tthc-webhook-signing-secret.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.workspaceName

output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name

output AZURE_LOCATION string = location

output AZURE_TENANT_ID string = tenant().tenantId
