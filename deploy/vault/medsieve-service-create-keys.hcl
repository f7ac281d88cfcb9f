# Optional add-on to medsieve-service for medsieve.keys.vault.create-keys=true (the default): lets services
# create a tenant's Transit key on first use (POST /v1/transit/keys/medsieve-<tenant>; Vault treats a repeat as
# a no-op). Without it, tenant keys are provisioned by the key administrator (init.sh provision-tenant) and a
# shredded tenant can never be re-created by a service. "delete" is deliberately absent.
path "transit/keys/medsieve-*" {
  capabilities = ["create", "update", "read"]
}
