package io.medsieve.ingest.rest;

import io.medsieve.events.Topics;
import io.medsieve.testsupport.ExportedSpans;
import io.medsieve.testsupport.TestTokens;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.DocumentMetadata;
import io.medsieve.testsupport.documents.PdfOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plants a canary patient name in the upload's file name, its PDF metadata and text, and a query string, then reads
 * every span the service exported and its whole metrics page: the canary is in none of them. The upload's trace
 * reaches the Kafka send although the outbox relay publishes outside the request.
 */
@QuarkusTest
class NoPhiInTelemetryTest {

    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    @Inject
    InMemorySpanExporter spans;

    @Test
    void canaryReachesNoSpanAndNoMetric() {
        String canary = Canary.newName();
        String fileName = canary + " discharge summary.pdf";
        String tenant = Uploads.newTenant("otel");
        byte[] pdf = DocumentFixtures.digitalPdf(List.of("Discharge summary for " + canary + ", DOB 01/02/1950."),
                PdfOptions.defaults().withMetadata(DocumentMetadata.withCanary(canary)).withXmp()).bytes();

        Uploads.upload(tenant, pdf, fileName, "application/pdf").statusCode(202);
        Uploads.upload(tenant, DocumentFixtures.corruptPdf().bytes(), fileName, "application/pdf").statusCode(422);
        given().auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .queryParam("patient", canary)
                .multiPart("file", fileName, pdf, "application/pdf")
                .when().post("/v1/documents")
                .then().statusCode(200);

        // One server span per upload: accepted, rejected, and the duplicate with the query string.
        await().atMost(Duration.ofSeconds(30)).until(() -> uploadSpans().stream()
                .map(span -> span.getAttributes().get(STATUS)).toList(), statuses -> statuses.containsAll(
                List.of(202L, 422L, 200L)));
        SpanData upload = uploadSpans().stream()
                .filter(span -> Long.valueOf(202).equals(span.getAttributes().get(STATUS)))
                .findFirst().orElseThrow();
        // The outbox relay publishes outside the request, yet in the upload's trace, as a child of its span.
        SpanData send = await().atMost(Duration.ofSeconds(30)).until(
                () -> spans.getFinishedSpanItems().stream()
                        .filter(span -> span.getKind() == SpanKind.PRODUCER)
                        .filter(span -> Topics.DOCUMENT_INGESTED.equals(span.getAttributes().get(DESTINATION)))
                        .filter(span -> upload.getSpanId().equals(span.getParentSpanId()))
                        .findFirst().orElse(null), span -> span != null);
        assertThat(send.getTraceId()).isEqualTo(upload.getTraceId());

        List<String> canaries = new ArrayList<>(Canary.fragments(canary));
        canaries.add(fileName);
        List<SpanData> exported = spans.getFinishedSpanItems();
        // The query string (with the canary in it) is either not recorded at all or replaced by the filter
        // (QueryStringSpanFilterTest proves the replacement); the canary check below covers every attribute.
        assertThat(uploadSpans()).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("url.query")))
                .allMatch(query -> query == null || query.equals("[stripped]"));
        ExportedSpans.assertNoneContains(exported, canaries.toArray(String[]::new));

        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_count")
                .contains("kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-pipeline-status\"");
        for (String leak : canaries) {
            assertThat(metrics).doesNotContain(leak);
        }
    }

    private List<SpanData> uploadSpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER)
                .filter(span -> "/v1/documents".equals(span.getAttributes().get(ROUTE)))
                .toList();
    }
}
