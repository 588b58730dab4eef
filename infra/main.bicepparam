// Parameters for `azd up` / `azd provision`. Every value comes from the azd environment (.azure/<env>/.env): azd sets
// AZURE_ENV_NAME and AZURE_PRINCIPAL_ID itself; the TTHC_* values are optional (`azd env set NAME value`).
// The two secrets are filled by the preprovision hook on the first provision only (infra/hooks/, docs/operations.md).
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'dev')

// The signed-in user running azd becomes the operator: reads reports, requeues poison messages, rotates secrets.
// From a pipeline signed in as a service principal, set AZURE_PRINCIPAL_TYPE=ServicePrincipal.
param operatorPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param operatorPrincipalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')

// The province served, e.g. tien-giang (`azd env set TTHC_PROVINCE tien-giang` before the first provision).
param province = readEnvironmentVariable('TTHC_PROVINCE', 'default')
param instanceMemoryMB = 2048
param maximumInstanceCount = int(readEnvironmentVariable('TTHC_MAXIMUM_INSTANCE_COUNT', '40'))
param alwaysReadyHttpInstances = int(readEnvironmentVariable('TTHC_ALWAYS_READY_HTTP_INSTANCES', '0'))
param keyVaultPurgeProtection = bool(readEnvironmentVariable('TTHC_KEY_VAULT_PURGE_PROTECTION', 'true'))

// Empty keeps the vault's current value.
param adminApiKey = readEnvironmentVariable('TTHC_ADMIN_API_KEY', '')
param webhookSigningSecret = readEnvironmentVariable('TTHC_WEBHOOK_SIGNING_SECRET', '')
