// A development or trial environment: scales to zero, short log retention, and a Key Vault that can be purged when
// the environment is torn down.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/environments/dev.bicepparam
// The secrets are read from the shell on the first deployment only (docs/operations.md, "Manual deployment").
using '../main.bicep'

param environmentName = 'dev'
// The province served: part of every storage key, so it is written here, not read from the shell, and never changed
// after the first deployment. Another province puts its own code.
param province = 'tien-giang'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param alwaysReadyHttpInstances = 0
param storageSku = 'Standard_LRS'
param logRetentionDays = 30
param keyVaultPurgeProtection = false

param operatorPrincipalId = readEnvironmentVariable('TTHC_OPERATOR_PRINCIPAL_ID', '')
param operatorPrincipalType = readEnvironmentVariable('TTHC_OPERATOR_PRINCIPAL_TYPE', 'User')
param adminApiKey = readEnvironmentVariable('TTHC_ADMIN_API_KEY', '')
param webhookSigningSecret = readEnvironmentVariable('TTHC_WEBHOOK_SIGNING_SECRET', '')
