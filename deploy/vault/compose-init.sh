#!/bin/sh
# The compose stack's Vault bootstrap (docker-compose.yml, service vault-init): runs deploy/vault/init.sh, which
# needs bash, inside the Vault image, then creates the keys of every tenant in MEDSIEVE_TENANTS (comma-separated).
# Dev mode only: the operator token is the dev root token, and Vault's storage is in memory.
set -eu
command -v bash >/dev/null || apk add --no-cache bash >/dev/null
bash /vault-init/init.sh setup
for tenant in $(echo "${MEDSIEVE_TENANTS:-demo-clinic}" | tr ',' ' '); do
  bash /vault-init/init.sh provision-tenant "$tenant"
done
echo "vault-init: transit, policies, AppRoles and keys for: ${MEDSIEVE_TENANTS:-demo-clinic}"
