-- Durable state of the cloud stage. Nothing here holds document text: rows reference the routed event (identifiers
-- and the claim-check of the redacted text) and the stored model output; the outbox holds finished events.

-- One provider batch.
create table cloud_batch (
    id                uuid primary key,
    tenant_id         varchar(128) not null,
    provider          varchar(64)  not null,
    model             varchar(128) not null,
    provider_batch_id varchar(256),
    status            varchar(16)  not null check (status in ('SUBMITTED', 'ENDED')),
    submitted_at      timestamptz  not null,
    next_poll_at      timestamptz  not null,
    ended_at          timestamptz
);
create index cloud_batch_in_flight on cloud_batch (next_poll_at) where status = 'SUBMITTED';

-- One analysis task of one routed document. id is the AnalysisProposed eventId and the batch custom_id.
create table analysis_request (
    id                uuid primary key,
    input_event_id    varchar(64)  not null,
    task              varchar(32)  not null,
    tenant_id         varchar(128) not null,
    document_id       varchar(128) not null,
    route             varchar(16)  not null check (route in ('CLOUD_SYNC', 'CLOUD_BATCH')),
    provider          varchar(64)  not null,
    model             varchar(128) not null,
    routed_event      text         not null,
    status            varchar(16)  not null check (status in ('PENDING', 'IN_BATCH', 'DONE', 'FAILED', 'BLOCKED')),
    attempts          integer      not null default 0,
    batch_submissions integer      not null default 0,
    next_attempt_at   timestamptz  not null,
    batch_id          uuid references cloud_batch (id),
    last_error        varchar(128),
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    unique (input_event_id, task)
);
create index analysis_request_due on analysis_request (next_attempt_at) where status = 'PENDING';
create index analysis_request_batch on analysis_request (batch_id) where status = 'IN_BATCH';

-- Events decided but not yet acknowledged by the broker (transactional outbox).
create table outbox_event (
    event_id     varchar(64) primary key,
    topic        varchar(64) not null,
    record_key   varchar(128) not null,
    event_type   varchar(64) not null,
    tenant_id    varchar(128) not null,
    payload      bytea       not null,
    created_at   timestamptz not null,
    published_at timestamptz
);
create index outbox_event_unpublished on outbox_event (created_at) where published_at is null;

-- Metering per tenant and calendar month (UTC).
create table tenant_usage (
    tenant_id     varchar(128) not null,
    period        char(7)      not null,
    requests      bigint       not null default 0,
    input_tokens  bigint       not null default 0,
    output_tokens bigint       not null default 0,
    cost_micros   bigint       not null default 0,
    primary key (tenant_id, period)
);
