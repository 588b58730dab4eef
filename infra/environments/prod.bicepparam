// Production: one always-ready instance for the API (no cold start for the first request of the morning), purge
// protection on the Key Vault, three months of logs. Storage stays LRS; use Standard_ZRS where the region has
// availability zones and the office wants to survive a zone outage.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/environments/prod.bicepparam
// The secrets are read from the shell on the first deployment only (docs/operations.md, "Manual deployment").
using '../main.bicep'

param environmentName = 'prod'
// The province served: part of every storage key, so it is written here, not read from the shell, and never changed
// after the first deployment. Another province puts its own code.
param province = 'tien-giang'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param alwaysReadyHttpInstances = 1
param storageSku = 'Standard_LRS'
param logRetentionDays = 90
param keyVaultPurgeProtection = true

param operatorPrincipalId = readEnvironmentVariable('TTHC_OPERATOR_PRINCIPAL_ID', '')
param operatorPrincipalType = readEnvironmentVariable('TTHC_OPERATOR_PRINCIPAL_TYPE', 'User')
param adminApiKey = readEnvironmentVariable('TTHC_ADMIN_API_KEY', '')
param webhookSigningSecret = readEnvironmentVariable('TTHC_WEBHOOK_SIGNING_SECRET', '')
