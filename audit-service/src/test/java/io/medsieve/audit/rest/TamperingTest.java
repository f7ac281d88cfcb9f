package io.medsieve.audit.rest;

import io.medsieve.audit.Pipeline;
import io.medsieve.events.PipelineEvent;
import io.medsieve.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A superuser who bypasses the trigger (session_replication_role = replica) and edits or drops a row is caught by
 * verification, which names the first broken entry; dropping the newest row is caught by the signed tree head
 * that covers it. Each test restores the row, since the ledger is shared.
 */
@QuarkusTest
class TamperingTest {

    private static long middle;

    @BeforeAll
    static void seed() throws Exception {
        List<PipelineEvent> journey = Pipeline.journey(Pipeline.tenant("tamper"), Pipeline.documentId());
        try (Pipeline pipeline = new Pipeline()) {
            for (PipelineEvent event : journey) {
                pipeline.send(event);
            }
        }
        Pipeline.awaitEntries(Pipeline.ids(journey));
        // The journey's first entry has later entries after it (topics interleave, so not necessarily its own).
        try (Connection db = Pipeline.superuser(); var query = db.prepareStatement(
                "select min(sequence) from ledger_entry where event_id = any(?)")) {
            query.setArray(1, db.createArrayOf("varchar", Pipeline.ids(journey).toArray()));
            try (var rows = query.executeQuery()) {
                rows.next();
                middle = rows.getLong(1);
            }
        }
    }

    @Test
    void changedRowIsNamedAsTheFirstBrokenEntry() throws Exception {
        verify().body("valid", equalTo(true));
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement()) {
            String original;
            try (var rows = sql.executeQuery("select projection from ledger_entry where sequence = " + middle)) {
                rows.next();
                original = rows.getString(1);
            }
            sql.execute("set session_replication_role = replica");
            try (var update = db.prepareStatement("update ledger_entry set projection = ? where sequence = ?")) {
                // A plausible edit: one more recorded fact, e.g. a decision that was never made.
                update.setString(1, original.substring(0, original.length() - 1) + ",\"decision\":\"APPROVED\"}");
                update.setLong(2, middle);
                update.executeUpdate();
                try {
                    verify().body("valid", equalTo(false))
                            .body("firstBrokenEntry", equalTo((int) middle))
                            .body("problem", containsString("content"));
                } finally {
                    update.setString(1, original);
                    update.executeUpdate();
                }
            }
        }
        verify().body("valid", equalTo(true));
    }

    @Test
    void droppedRowFailsVerification() throws Exception {
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("create temporary table saved as select * from ledger_entry where sequence = " + middle);
            sql.executeUpdate("delete from ledger_entry where sequence = " + middle);
            try {
                verify().body("valid", equalTo(false))
                        .body("firstBrokenEntry", equalTo((int) middle))
                        .body("problem", containsString("missing"));
            } finally {
                sql.executeUpdate("insert into ledger_entry select * from saved");
            }
        }
        verify().body("valid", equalTo(true));
    }

    @Test
    void droppedLastRowIsCaughtByTheSignedTreeHead() throws Exception {
        long size = given().auth().oauth2(TestTokens.forTenant("auditor", "auditor")).when().get("/v1/ledger/tree-head")
                .then().statusCode(200).extract().jsonPath().getLong("treeSize");
        try (Connection db = Pipeline.superuser(); Statement sql = db.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("create temporary table saved_last as select * from ledger_entry where sequence = "
                    + (size - 1));
            sql.executeUpdate("delete from ledger_entry where sequence = " + (size - 1));
            try {
                verify().body("valid", equalTo(false))
                        .body("firstBrokenEntry", equalTo((int) (size - 1)))
                        .body("problem", containsString("missing"));
            } finally {
                sql.executeUpdate("insert into ledger_entry select * from saved_last");
            }
        }
        verify().body("valid", equalTo(true));
    }

    private static ValidatableResponse verify() {
        return given().auth().oauth2(TestTokens.forTenant("auditor", "auditor")).when().get("/v1/ledger/verify")
                .then().statusCode(200);
    }
}
