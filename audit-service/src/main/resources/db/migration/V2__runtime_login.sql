-- The runtime login: the service's reactive pool connects as this role, never as the schema owner, so a bug or
-- an injection in the running service cannot change the ledger even without the triggers. It is a member of
-- audit_writer (INSERT and SELECT on the ledger and checkpoint tables, nothing else), owns nothing and may not
-- create roles, databases or objects. Flyway runs this script as the owner (quarkus.flyway.username); the name
-- and password are the runtime datasource credentials (quarkus.datasource.username/password), handed over as
-- placeholders by application.properties, so no password lives in this file. Re-running on an existing role
-- (another environment already created it) resets its password and membership to the configured ones.
do $migration$
begin
    if '${appUser}' = current_user or exists (select 1 from pg_roles
            where rolname = '${appUser}' and (rolsuper or rolcreaterole or rolcreatedb)) then
        raise exception 'the runtime login ${appUser} is the owner or privileged: configure a dedicated role'
            using errcode = 'insufficient_privilege';
    end if;
    if exists (select 1 from pg_roles where rolname = '${appUser}') then
        execute format('alter role %I login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password %L',
                       '${appUser}', $secret$${appPassword}$secret$);
    else
        execute format('create role %I login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password %L',
                       '${appUser}', $secret$${appPassword}$secret$);
    end if;
    execute format('grant audit_writer to %I', '${appUser}');
end
$migration$;
