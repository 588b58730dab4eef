// The app's one identity. A user-assigned identity exists before the function app does, so its role assignments
// (modules/role-assignments.bicep) are in place when the app first starts, and the same identity is named in every
// identity-based setting: AzureWebJobsStorage__clientId, the Flex deployment container, Application Insights
// ingestion and Key Vault references.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, for the site\'s identity list, keyVaultReferenceIdentity and the deployment container.')
output id string = identity.id

@description('Client id, for AzureWebJobsStorage__clientId and APPLICATIONINSIGHTS_AUTHENTICATION_STRING.')
output clientId string = identity.properties.clientId

@description('Object (principal) id, for role assignments.')
output principalId string = identity.properties.principalId

output name string = identity.name
