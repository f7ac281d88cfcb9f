#!/usr/bin/env bash
# Sets up Vault for MedSieve's Vault Transit key provider (medsieve.keys.provider=vault).
# Documentation, not CI: run it once per Vault cluster as an operator, with a privileged token that is
# used only here and never given to a service.
#
#   export VAULT_ADDR=https://vault.internal:8200 VAULT_TOKEN=<operator token>   # VAULT_NAMESPACE if Enterprise
#   deploy/vault/init.sh setup                      # transit, policies, one AppRole per service, key-admin role
#   deploy/vault/init.sh credentials redaction-service ./secrets   # role_id + secret_id files for one service
#   deploy/vault/init.sh kubernetes https://kubernetes.default.svc medsieve   # optional: Kubernetes auth roles
#   deploy/vault/init.sh provision-tenant demo-clinic              # only with create-keys=false
#
# Every step is idempotent. Nothing here prints a secret to the terminal.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TRANSIT_MOUNT="${TRANSIT_MOUNT:-transit}"
KEY_PREFIX="medsieve-"   # the policies grant exactly medsieve-*; change both together
SERVICES=(ingest-service ocr-service redaction-service router-service llm-local-service llm-cloud-service
          audit-service)
# Short-lived tokens: the provider renews at 2/3 of token_ttl and logs in again at token_max_ttl.
TOKEN_TTL="${TOKEN_TTL:-20m}"
TOKEN_MAX_TTL="${TOKEN_MAX_TTL:-4h}"
SECRET_ID_TTL="${SECRET_ID_TTL:-720h}"

require_vault() {
  command -v vault >/dev/null || { echo "vault CLI not found" >&2; exit 1; }
  : "${VAULT_ADDR:?set VAULT_ADDR}"
  vault token lookup >/dev/null || { echo "VAULT_TOKEN is not valid for $VAULT_ADDR" >&2; exit 1; }
}

role_name() { echo "medsieve-${1%-service}"; }

setup() {
  # 1. Transit engine.
  if ! vault secrets list -format=json | grep -q "\"${TRANSIT_MOUNT}/\""; then
    vault secrets enable -path="$TRANSIT_MOUNT" transit
  fi

  # 2. Policies (see the .hcl files next to this script for what each path allows and why).
  vault policy write medsieve-service "$HERE/medsieve-service.hcl"
  vault policy write medsieve-service-create-keys "$HERE/medsieve-service-create-keys.hcl"
  vault policy write medsieve-key-admin "$HERE/medsieve-key-admin.hcl"

  # 3. AppRole: one role per service, so Vault's audit log shows which service used which tenant key.
  #    Drop medsieve-service-create-keys from token_policies when running with create-keys=false.
  if ! vault auth list -format=json | grep -q '"approle/"'; then
    vault auth enable approle
  fi
  for service in "${SERVICES[@]}"; do
    vault write "auth/approle/role/$(role_name "$service")" \
      token_policies="medsieve-service,medsieve-service-create-keys" \
      token_ttl="$TOKEN_TTL" token_max_ttl="$TOKEN_MAX_TTL" \
      secret_id_ttl="$SECRET_ID_TTL" secret_id_num_uses=0 token_no_default_policy=false
  done

  # 4. Key administrator (onboarding, rotation, re-wrap, shredding jobs); shorter tokens, never a service.
  vault write auth/approle/role/medsieve-key-admin \
    token_policies="medsieve-key-admin" token_ttl=15m token_max_ttl=1h secret_id_ttl=24h secret_id_num_uses=10
  echo "setup done: transit at ${TRANSIT_MOUNT}/, one AppRole per service (e.g. medsieve-ocr), medsieve-key-admin"
}

# Writes <dir>/<service>.role-id and <dir>/<service>.secret-id (0600). Hand them to the service as
#   MEDSIEVE_KEYS_VAULT_AUTH_ROLE_ID=$(cat <dir>/<service>.role-id)
#   MEDSIEVE_KEYS_VAULT_AUTH_SECRET_ID_FILE=<dir>/<service>.secret-id   (re-read at every login)
# In production prefer a response-wrapped secret id delivered by the deploy pipeline:
#   vault write -wrap-ttl=5m -f auth/approle/role/medsieve-<svc>/secret-id   -> the service host runs
#   vault unwrap -field=secret_id <wrapping token> > secret-id   (single use, so interception is detectable)
credentials() {
  local service="$1" dir="$2" role
  role="$(role_name "$service")"
  umask 077
  mkdir -p "$dir"
  vault read -field=role_id "auth/approle/role/$role/role-id" > "$dir/$service.role-id"
  vault write -f -field=secret_id "auth/approle/role/$role/secret-id" > "$dir/$service.secret-id"
  echo "wrote $dir/$service.role-id and $dir/$service.secret-id"
}

# Kubernetes auth instead of AppRole: each service's pod logs in with its service-account token
# (medsieve.keys.vault.auth.method=kubernetes, auth.role=medsieve-<svc>).
kubernetes() {
  local host="$1" namespace="$2"
  if ! vault auth list -format=json | grep -q '"kubernetes/"'; then
    vault auth enable kubernetes
  fi
  vault write auth/kubernetes/config kubernetes_host="$host"
  for service in "${SERVICES[@]}"; do
    vault write "auth/kubernetes/role/$(role_name "$service")" \
      bound_service_account_names="$service" bound_service_account_namespaces="$namespace" \
      token_policies="medsieve-service,medsieve-service-create-keys" \
      token_ttl="$TOKEN_TTL" token_max_ttl="$TOKEN_MAX_TTL"
  done
}

# With create-keys=false the administrator creates each tenant's key at onboarding.
provision_tenant() {
  local tenant="$1"
  [[ "$tenant" =~ ^[A-Za-z0-9]([A-Za-z0-9_-]{0,126}[A-Za-z0-9])?$ ]] || { echo "invalid tenant id" >&2; exit 1; }
  # The wrapping key, and the never-rotated key whose HMAC (version 1) seeds the tenant's HMAC secrets.
  for name in "${KEY_PREFIX}${tenant}" "${KEY_PREFIX}${tenant}.hmac"; do
    vault write "$TRANSIT_MOUNT/keys/$name" type=aes256-gcm96 exportable=false allow_plaintext_backup=false
  done
}

# Rotation (any time): new data keys use the new version, old ones still decrypt.
#   vault write -f transit/keys/medsieve-<tenant>/rotate
# Retiring old versions: re-wrap stored data keys first (KeyProvider.rewrapDataKey / transit/rewrap), then
#   vault write transit/keys/medsieve-<tenant>/config min_decryption_version=<N>
# Never rotate, retire or trim medsieve-<tenant>.hmac: the tenant's HMAC secrets come from its version 1.
#
# Crypto-shredding (tenant offboarding) is KeyProvider.destroyTenantKey with the key-admin role, i.e.
#   vault write transit/keys/medsieve-<tenant>/config deletion_allowed=true
#   vault delete transit/keys/medsieve-<tenant>
#   (and the same for medsieve-<tenant>.hmac)

main() {
  local command="${1:-}"
  shift || true
  require_vault
  case "$command" in
    setup) setup ;;
    credentials) credentials "${1:?service}" "${2:?output dir}" ;;
    kubernetes) kubernetes "${1:?kubernetes host}" "${2:?namespace}" ;;
    provision-tenant) provision_tenant "${1:?tenant id}" ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
}

main "$@"
