#!/bin/sh
# azd postprovision hook. Provisioning has written any secret values it was given to Key Vault; remove them from the
# azd environment (.azure/<env>/.env) so they do not linger on this machine or get written again, and mark the
# environment as seeded. Read or rotate the secrets in the vault (docs/operations.md, "Secrets").
set -eu

if [ -n "${TTHC_ADMIN_API_KEY:-}" ]; then
  azd env set TTHC_ADMIN_API_KEY ""
fi
if [ -n "${TTHC_WEBHOOK_SIGNING_SECRET:-}" ]; then
  azd env set TTHC_WEBHOOK_SIGNING_SECRET ""
fi
azd env set TTHC_SECRETS_SEEDED true

echo "postprovision: API ${API_BASE_URL:-?}; secrets in Key Vault ${AZURE_KEY_VAULT_NAME:-?}:"
echo "  az keyvault secret show --vault-name ${AZURE_KEY_VAULT_NAME:-<vault>} --name tthc-admin-api-key --query value -o tsv"
