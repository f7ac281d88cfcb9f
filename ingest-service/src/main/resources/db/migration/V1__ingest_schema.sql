-- Documents accepted by the ingest service. No file names, metadata or content: those stay out of the database.
create table document (
    id                uuid primary key,
    tenant_id         varchar(64)  not null,
    upload_sha256     varchar(64)  not null,
    stored_sha256     varchar(64)  not null,
    media_type        varchar(64)  not null,
    size_bytes        bigint       not null,
    page_count        integer      not null,
    priority          varchar(16)  not null,
    requested_tasks   varchar(128) not null,
    cloud_consent     boolean      not null,
    metadata_stripped boolean      not null,
    blob_uri          varchar(512) not null,
    received_at       timestamptz  not null,
    -- The idempotency rule: the same bytes for the same tenant are one document.
    constraint uq_document_tenant_upload unique (tenant_id, upload_sha256)
);

-- Transactional outbox: events committed with the state they announce, published by the relay.
create table outbox_event (
    event_id     uuid primary key,
    topic        varchar(128) not null,
    message_key  varchar(128) not null,
    tenant_id    varchar(64)  not null,
    event_type   varchar(64)  not null,
    payload      bytea        not null,
    created_at   timestamptz  not null,
    published_at timestamptz
);
create index ix_outbox_unpublished on outbox_event (created_at) where published_at is null;

-- Status per document and stage, projected from the pipeline topics.
create table document_stage_status (
    document_id uuid         not null,
    stage       varchar(16)  not null,
    tenant_id   varchar(64)  not null,
    state       varchar(16)  not null,
    detail      varchar(256),
    event_id    uuid         not null,
    occurred_at timestamptz  not null,
    primary key (document_id, stage)
);
