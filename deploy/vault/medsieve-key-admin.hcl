# Policy for the key administrator (tenant onboarding/offboarding and rotation jobs), not for services.

# Create, read and delete tenant keys (DELETE only succeeds after deletion_allowed=true).
path "transit/keys/medsieve-*" {
  capabilities = ["create", "read", "update", "delete"]
}

# Rotate: POST /v1/transit/keys/medsieve-<tenant>/rotate
path "transit/keys/medsieve-*/rotate" {
  capabilities = ["update"]
}

# Config: deletion_allowed before shredding; min_decryption_version after re-wrapping.
path "transit/keys/medsieve-*/config" {
  capabilities = ["update"]
}

# Re-wrap stored data keys under the latest version: POST /v1/transit/rewrap/medsieve-<tenant>
path "transit/rewrap/medsieve-*" {
  capabilities = ["update"]
}

# Deliberately absent: export, backup, restore and trim. Trimming medsieve-<tenant>.hmac would end the
# tenant's HMAC secrets (placeholders, audit signing) before the tenant is shredded.
path "transit/keys/medsieve-*/trim" {
  capabilities = ["deny"]
}
