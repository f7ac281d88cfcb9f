-- The audit ledger: one global hash chain (sequence = Merkle leaf index), tenant views by query.
-- No document text, no PHI: ids, digests, versions, decisions and reason codes only.
create table ledger_entry (
    sequence      bigint        primary key check (sequence >= 0),
    event_id      varchar(64)   not null,
    tenant_id     varchar(64)   not null,
    document_id   varchar(64),
    entry_type    varchar(64)   not null,
    source_topic  varchar(128)  not null,
    occurred_at   timestamptz   not null,
    recorded_at   timestamptz   not null,
    -- SHA-256 of the exact record bytes received (hex); the bytes themselves are never stored.
    body_digest   varchar(64)   not null,
    -- PHI-free projection of the event (JSON text, hashed exactly as stored).
    projection    text          not null,
    previous_hash varchar(64)   not null,
    entry_hash    varchar(64)   not null,
    -- Not hashed: which database role wrote the row, evidence that runtime writes use the restricted role.
    written_by    varchar(64)   not null default current_user,
    constraint uq_ledger_event unique (event_id)
);
create index ix_ledger_tenant_document on ledger_entry (tenant_id, document_id, sequence);
create index ix_ledger_tenant_occurred on ledger_entry (tenant_id, occurred_at);

-- Signed tree heads over the first tree_size entries.
create table ledger_checkpoint (
    tree_size   bigint       primary key check (tree_size > 0),
    root_hash   varchar(64)  not null,
    signed_at   timestamptz  not null,
    key_id      varchar(64)  not null,
    signature   varchar(128) not null
);

-- Immutability, enforced by the database for every role including the owner.
create function ledger_reject_change() returns trigger language plpgsql as $$
begin
    raise exception 'the audit ledger is append-only: % on % is not allowed', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end
$$;
create trigger ledger_entry_no_update_delete before update or delete on ledger_entry
    for each row execute function ledger_reject_change();
create trigger ledger_entry_no_truncate before truncate on ledger_entry
    for each statement execute function ledger_reject_change();
create trigger ledger_checkpoint_no_update_delete before update or delete on ledger_checkpoint
    for each row execute function ledger_reject_change();
create trigger ledger_checkpoint_no_truncate before truncate on ledger_checkpoint
    for each statement execute function ledger_reject_change();

-- The application role: INSERT and SELECT only. The service switches to it in every transaction; a deployment
-- should also log in as a member of it (quarkus.datasource.username) and migrate as the owner (quarkus.flyway.*).
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'audit_writer') then
        create role audit_writer nologin;
    end if;
end
$$;
revoke all on ledger_entry, ledger_checkpoint from public;
grant usage on schema public to audit_writer;
grant select, insert on ledger_entry, ledger_checkpoint to audit_writer;
