# Policy for MedSieve services (ingest, ocr, redaction, router, llm-*, audit).
# They wrap and unwrap per-blob data keys and derive HMAC secrets; they can never export, rotate,
# reconfigure or delete a tenant key. Paths assume Transit at "transit/" and key prefix "medsieve-".

# New data key per blob: POST /v1/transit/datakey/plaintext/medsieve-<tenant>
path "transit/datakey/plaintext/medsieve-*" {
  capabilities = ["update"]
}

# Unwrap a blob's data key: POST /v1/transit/decrypt/medsieve-<tenant>
path "transit/decrypt/medsieve-*" {
  capabilities = ["update"]
}

# HMAC secrets for placeholders and audit signing: POST /v1/transit/hmac/medsieve-<tenant>.hmac/sha2-256
path "transit/hmac/medsieve-*" {
  capabilities = ["update"]
}

# Key metadata (no key material): tells a tampered ciphertext from a deleted or retired key.
path "transit/keys/medsieve-*" {
  capabilities = ["read"]
}

# Everything below a key (rotate, config, trim, export, backup) is the administrators' business.
# This longer glob wins over the one above for these paths.
path "transit/keys/medsieve-*/*" {
  capabilities = ["deny"]
}
