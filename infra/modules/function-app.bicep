// The function app on Flex Consumption (Linux) with the custom-handler runtime. The package (scripts/package.sh or
// `azd deploy`) goes to the deployment container; the platform reads it with the app's identity.
//
// App settings name no key and no connection string: storage, telemetry and Key Vault are all reached with the
// user-assigned identity. FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE are
// deliberately absent: Flex takes the runtime from functionAppConfig.runtime and runs from the deployment container.

@description('Function app name (globally unique: it is the host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan and the app; the app also gets azd-service-name: api, the service name in azure.yaml, by which azd finds it.')
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Blob endpoint of the storage account (https://<account>.blob.core.windows.net/).')
param blobEndpoint string

@description('Queue endpoint of the storage account.')
param queueEndpoint string

@description('Table endpoint of the storage account.')
param tableEndpoint string

@description('URL of the blob container the package is deployed to.')
param deploymentContainerUrl string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Versionless Key Vault URI of the admin API key.')
param adminApiKeyUri string

@description('Versionless Key Vault URI of the webhook signing secret.')
param webhookSigningUri string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Always-ready instances for the HTTP group; 0 lets the app scale to zero.')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int

@description('Province code the app serves (Tthc__Province).')
param province string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    // Key Vault references are resolved with the same identity as everything else.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      // The custom-handler stack (host.json customHandler launches the self-contained apphost). Check that the region
      // offers it: az functionapp list-flexconsumption-runtimes --location <region> --runtime custom
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Host storage with the app's identity (docs/hosting.md H7); the app reads the same settings.
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableEndpoint
        }
        // Telemetry ingestion with Entra ID (the component has local auth disabled).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // Secrets: resolved by the platform from Key Vault before the handler starts.
        {
          name: 'Tthc__AdminApiKey'
          value: '@Microsoft.KeyVault(SecretUri=${adminApiKeyUri})'
        }
        {
          name: 'Tthc__Webhooks__SigningSecret'
          value: '@Microsoft.KeyVault(SecretUri=${webhookSigningUri})'
        }
        // The tenant: part of every storage key. Province rules (feedback limits and the like, docs/operations.md) go
        // below as further Tthc__ settings, so that every provision keeps them.
        {
          name: 'Tthc__Province'
          value: province
        }
      ]
    }
  }
}

// Basic-auth publishing credentials (a user name and password) are not needed: azd and the Azure CLI deploy with
// Entra ID.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = site.name

output defaultHostName string = site.properties.defaultHostName
