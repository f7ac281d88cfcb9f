package io.medsieve.audit.repository;

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

/** The database itself refuses to change the ledger: the trigger for every role, privileges for the app role. */
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
    void theServiceWritesAsTheRestrictedRole() throws Exception {
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement();
             var rows = sql.executeQuery("select distinct written_by from ledger_entry")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("audit_writer");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void applicationRoleMayOnlyInsertAndSelect() throws Exception {
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement()) {
            sql.execute("set role audit_writer");
            try (var rows = sql.executeQuery("select count(*) from ledger_entry")) {
                assertThat(rows.next()).isTrue();
            }
            assertThatThrownBy(() -> sql.executeUpdate(
                    "update ledger_entry set entry_type = 'Forged' where sequence = " + sequence))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.executeUpdate("delete from ledger_entry where sequence = " + sequence))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("alter table ledger_entry disable trigger user"))
                    .isInstanceOf(SQLException.class);
            try (var privileges = sql.executeQuery("""
                    select string_agg(privilege_type, ',' order by privilege_type)
                      from information_schema.role_table_grants
                     where grantee = 'audit_writer' and table_name = 'ledger_entry'""")) {
                privileges.next();
                assertThat(privileges.getString(1)).isEqualTo("INSERT,SELECT");
            }
        }
    }
}
