package io.medsieve.router.repository;

import io.medsieve.events.Priority;
import io.medsieve.events.Route;
import io.medsieve.router.domain.DocumentClass;
import io.medsieve.router.domain.RoutingDecision;
import io.medsieve.router.domain.RoutingFeatures;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The features and decision of every routed document, keyed by the input event so a redelivered input is stored
 * once. Holds no text, identifiers or placeholders: only what {@link RoutingFeatures} allows.
 */
@ApplicationScoped
public class RoutedDocumentRepository {

    private static final String INSERT = """
            insert into routed_document (source_event_id, tenant_id, document_id, routed_at, document_class,
                class_confidence, tier, priority, cloud_consent, ocr_mean_confidence, low_confidence_pages,
                residual_phi, redacted_bytes, entity_counts, route, human_review, policy_id, policy_version)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            on conflict (source_event_id) do nothing
            """;
    private static final String RECENT = """
            select * from routed_document where tenant_id = $1 order by routed_at desc, source_event_id limit $2
            """;

    private final Pool pool;

    public RoutedDocumentRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> record(String sourceEventId, String tenantId, String documentId, Instant routedAt,
                            RoutingFeatures features, RoutingDecision decision) {
        Tuple values = Tuple.tuple()
                .addString(sourceEventId).addString(tenantId).addString(documentId)
                .addOffsetDateTime(routedAt.atOffset(ZoneOffset.UTC))
                .addString(features.documentClass().name()).addDouble(features.classConfidence())
                .addShort((short) decision.tier()).addString(features.priority().name())
                .addBoolean(features.cloudConsent()).addDouble(features.ocrMeanConfidence())
                .addInteger(features.lowConfidencePages()).addBoolean(features.residualPhi())
                .addLong(features.redactedBytes()).addValue(new JsonObject(new TreeMap<>(features.entityCounts())))
                .addString(decision.route().name()).addBoolean(decision.humanReviewRequired())
                .addString(decision.policyId()).addString(decision.policyVersion());
        return pool.preparedQuery(INSERT).execute(values).replaceWithVoid();
    }

    /** The tenant's last {@code limit} routed documents, newest first. */
    public Uni<List<RoutedDocument>> recent(String tenantId, int limit) {
        return pool.preparedQuery(RECENT).execute(Tuple.of(tenantId, limit)).map(rows -> {
            List<RoutedDocument> list = new ArrayList<>();
            rows.forEach(row -> list.add(map(row)));
            return List.copyOf(list);
        });
    }

    private static RoutedDocument map(Row row) {
        Map<String, Integer> counts = new TreeMap<>();
        JsonObject json = row.getJsonObject("entity_counts");
        json.forEach(entry -> counts.put(entry.getKey(), ((Number) entry.getValue()).intValue()));
        RoutingFeatures features = new RoutingFeatures(DocumentClass.valueOf(row.getString("document_class")),
                row.getDouble("class_confidence"), Priority.valueOf(row.getString("priority")),
                row.getBoolean("cloud_consent"), row.getDouble("ocr_mean_confidence"),
                row.getInteger("low_confidence_pages"), row.getBoolean("residual_phi"),
                row.getLong("redacted_bytes"), counts);
        return new RoutedDocument(row.getString("document_id"),
                row.getOffsetDateTime("routed_at").toInstant(), features, row.getShort("tier"),
                Route.valueOf(row.getString("route")), row.getBoolean("human_review"), row.getString("policy_id"),
                row.getString("policy_version"));
    }
}
