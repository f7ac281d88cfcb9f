-- The reversible placeholder map. Original values exist here only sealed (AES-256-GCM envelope under the tenant
-- key, bound to tenant/document/"placeholder-map"), so a database dump reveals placeholders and types, never PHI,
-- and destroying the tenant key crypto-shreds every value.
create table placeholder_map (
    id            bigint        generated always as identity primary key,
    tenant_id     varchar(64)   not null,
    document_id   varchar(64)   not null,
    placeholder   varchar(128)  not null,
    phi_type      varchar(64)   not null,
    sealed_value  bytea         not null,
    created_at    timestamptz   not null,
    -- Re-processing a redelivered event writes the same placeholders again: the first row wins.
    constraint uq_placeholder_map unique (tenant_id, document_id, placeholder)
);

-- One row per redacted document, so that re-identifying a document without any PHI answers 200 (nothing to
-- replace) rather than 404, and an unknown or foreign document answers 404.
create table redacted_document (
    tenant_id          varchar(64)   not null,
    document_id        varchar(64)   not null,
    redaction_version  varchar(128)  not null,
    created_at         timestamptz   not null,
    primary key (tenant_id, document_id)
);
