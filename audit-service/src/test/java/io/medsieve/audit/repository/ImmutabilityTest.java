package io.medsieve.audit.repository;

import io.medsieve.audit.AuditPostgresResource;
import io.medsieve.audit.Pipeline;
import io.medsieve.events.PipelineEvent;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database itself refuses to change the ledger: the trigger for every role including the owner, and the
 * service's runtime login only has INSERT and SELECT, so a compromised service cannot even try.
 */
@QuarkusTest
class ImmutabilityTest {

    private static long sequence;

    @BeforeAll
    static void seed() throws Exception {
        List<PipelineEvent> journey = Pipeline.journey(Pipeline.tenant("immutable"), Pipeline.documentId());
        try (Pipeline pipeline = new Pipeline()) {
            pipeline.send(journey.getFirst());
        }
        Pipeline.awaitEntries(Pipeline.ids(journey.subList(0, 1)));
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement();
             var rows = sql.executeQuery("select sequence from ledger_entry where event_id = '"
                     + journey.getFirst().header().eventId() + "'")) {
            rows.next();
            sequence = rows.getLong(1);
        }
    }

    @Test
    void directUpdateDeleteAndTruncateFailEvenForTheOwner() throws Exception {
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement()) {
            assertThatThrownBy(() -> sql.executeUpdate(
                    "update ledger_entry set entry_type = 'Forged' where sequence = " + sequence))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.executeUpdate("delete from ledger_entry where sequence = " + sequence))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.executeUpdate("truncate ledger_entry"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.executeUpdate("delete from ledger_checkpoint"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }

    @Test
    void theServiceWritesAsItsOwnRestrictedLogin() throws Exception {
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement();
             var rows = sql.executeQuery("select distinct written_by from ledger_entry")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(AuditPostgresResource.APP_USER);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void runtimeLoginCannotUpdateDeleteOrTruncateEntriesOrCheckpoints() throws Exception {
        try (Connection db = Pipeline.runtimeLogin(); Statement sql = db.createStatement()) {
            try (var rows = sql.executeQuery("select session_user, count(*) from ledger_entry group by 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(AuditPostgresResource.APP_USER);
            }
            for (String forbidden : List.of(
                    "update ledger_entry set entry_type = 'Forged' where sequence = " + sequence,
                    "delete from ledger_entry where sequence = " + sequence,
                    "truncate ledger_entry",
                    "update ledger_checkpoint set root_hash = repeat('0', 64)",
                    "delete from ledger_checkpoint",
                    "truncate ledger_checkpoint")) {
                assertThatThrownBy(() -> sql.executeUpdate(forbidden)).as(forbidden)
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    void runtimeLoginCannotLiftTheRestrictions() throws Exception {
        try (Connection db = Pipeline.runtimeLogin(); Statement sql = db.createStatement()) {
            for (String forbidden : List.of(
                    "alter table ledger_entry disable trigger user",
                    "drop trigger ledger_entry_no_update_delete on ledger_entry",
                    "set role postgres",
                    "set session_replication_role = replica",
                    "create table ledger_entry_shadow (sequence bigint)",
                    "create role audit_intruder login")) {
                assertThatThrownBy(() -> sql.execute(forbidden)).as(forbidden).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void runtimeLoginHoldsOnlyInsertAndSelectOnTheLedger() throws Exception {
        try (Connection db = Pipeline.superuser(); var query = db.prepareStatement("""
                select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                       (select count(*) from pg_class c where c.relowner = r.oid),
                       has_table_privilege(r.rolname, ?, 'SELECT'), has_table_privilege(r.rolname, ?, 'INSERT'),
                       has_table_privilege(r.rolname, ?, 'UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                  from pg_roles r where r.rolname = ?""")) {
            for (String table : List.of("ledger_entry", "ledger_checkpoint")) {
                query.setString(1, table);
                query.setString(2, table);
                query.setString(3, table);
                query.setString(4, AuditPostgresResource.APP_USER);
                try (var rows = query.executeQuery()) {
                    assertThat(rows.next()).as("the runtime login exists").isTrue();
                    assertThat(rows.getBoolean(1)).as("superuser").isFalse();
                    assertThat(rows.getBoolean(2)).as("createrole").isFalse();
                    assertThat(rows.getBoolean(3)).as("createdb").isFalse();
                    assertThat(rows.getBoolean(4)).as("bypassrls").isFalse();
                    assertThat(rows.getLong(5)).as("objects owned").isZero();
                    assertThat(rows.getBoolean(6)).as(table + " select").isTrue();
                    assertThat(rows.getBoolean(7)).as(table + " insert").isTrue();
                    assertThat(rows.getBoolean(8)).as(table + " any change").isFalse();
                }
            }
        }
    }
}
