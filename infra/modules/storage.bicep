// The one storage account behind the app: host storage (AzureWebJobsStorage), the Flex deployment package, the app's
// tables, queues and report blobs. Reached only with Entra ID (shared keys off), HTTPS and TLS 1.2 only, no anonymous
// blob access.
//
// What the template creates and what the app creates (docs/operations.md, "Storage"):
// - the deployment container, because Flex reads the package from it before any code runs;
// - the app's queues with their -poison queues and the `reports` container, so operators can watch, alert on and
//   requeue from them from day one (a poison queue would otherwise appear only with the first failure);
// - not the tables, nor `azure-webjobs-hosts`: the app and the host create what they use, idempotently, on first use.
//   The app does that for every table, queue and container anyway, so a name missing here is never an outage.

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags object

@description('Replication: LRS is enough for a province office; ZRS survives a zone outage.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string

@description('Blob container the Flex Consumption app is deployed from.')
param deploymentContainerName string

@description('Days after its last modification before a report blob moves from the hot to the cool tier.')
@minValue(1)
param reportsCoolAfterDays int

@description('Days a deleted blob or container can still be restored (soft delete).')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int

// Queues read by the app's queue functions (AppFunctions.All), each with the <queue>-poison queue the Functions host
// moves a message to after maxDequeueCount failed attempts (host.json). Kept literal so a reader and the template
// test see exactly what exists.
var queueNames = [
  'task-updates'
  'task-updates-poison'
  'feedback'
  'feedback-poison'
  'reminders'
  'reminders-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource reportsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: 'reports'
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

// Reports are read mostly in the weeks after they are written; older ones move to the cool tier (cheaper to keep,
// still online, so the download API keeps working). There is deliberately no delete action: reports are kept until
// a person decides otherwise (docs/operations.md, "Reports and retention").
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'reports-to-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              // <container>/<blob prefix>: every blob in the reports container.
              prefixMatch: [
                'reports/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: reportsCoolAfterDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

output name string = storage.name

output blobEndpoint string = storage.properties.primaryEndpoints.blob

output queueEndpoint string = storage.properties.primaryEndpoints.queue

output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('URL of the Flex deployment container.')
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'

output reportsContainerName string = reportsContainer.name

output queueNames array = [for (queueName, i) in queueNames: queues[i].name]
