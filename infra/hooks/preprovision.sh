#!/bin/sh
# azd preprovision hook. On an environment's first provision (or until one succeeds), generates the bootstrap admin
# API key and the webhook signing secret into the azd environment, where infra/main.bicepparam reads them and the
# template writes them to Key Vault. Values an operator set with `azd env set` are kept. Once an environment is
# seeded (postprovision.sh), nothing is generated again: later provisions leave the vault's secrets as they are.
set -eu

if [ "${TTHC_SECRETS_SEEDED:-}" = "true" ]; then
  exit 0
fi

# 32 random bytes as 64 hex characters: safe in headers, URLs and shells.
new_secret() {
  od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}

if [ -z "${TTHC_ADMIN_API_KEY:-}" ]; then
  azd env set TTHC_ADMIN_API_KEY "$(new_secret)"
  echo "preprovision: generated the bootstrap admin API key (Key Vault secret tthc-admin-api-key)."
fi
if [ -z "${TTHC_WEBHOOK_SIGNING_SECRET:-}" ]; then
  azd env set TTHC_WEBHOOK_SIGNING_SECRET "$(new_secret)"
  echo "preprovision: generated the webhook signing secret (Key Vault secret tthc-webhook-signing-secret)."
fi
