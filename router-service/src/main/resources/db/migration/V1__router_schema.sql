-- Tenant routing policies: every version is kept, the highest is active. Rows are never changed or removed,
-- so the policy any past decision names can always be read back.
create table routing_policy (
    tenant_id  text        not null,
    version    integer     not null check (version >= 1),
    policy_id  text        not null,
    document   text        not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, version)
);

create function routing_policy_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'routing_policy is append-only: store a new version instead';
end;
$$;

create trigger routing_policy_append_only
    before update or delete on routing_policy
    for each row execute function routing_policy_is_append_only();

-- What each routing decision was made on, without any PHI: the input of policy simulations.
create table routed_document (
    source_event_id      text             primary key,
    tenant_id            text             not null,
    document_id          text             not null,
    routed_at            timestamptz      not null,
    document_class       text             not null,
    class_confidence     double precision not null,
    tier                 smallint         not null,
    priority             text             not null,
    cloud_consent        boolean          not null,
    ocr_mean_confidence  double precision not null,
    low_confidence_pages integer          not null,
    residual_phi         boolean          not null,
    redacted_bytes       bigint           not null,
    entity_counts        jsonb            not null,
    route                text             not null,
    human_review         boolean          not null,
    policy_id            text             not null,
    policy_version       text             not null
);

create index routed_document_recent on routed_document (tenant_id, routed_at desc);
