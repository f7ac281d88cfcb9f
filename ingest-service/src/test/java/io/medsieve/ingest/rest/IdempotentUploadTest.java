package io.medsieve.ingest.rest;

import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The same bytes from the same tenant are one document with one event, however often and however fast they come. */
@QuarkusTest
class IdempotentUploadTest {

    @RegisterExtension
    static final KafkaTestConsumer ingested = KafkaTestConsumer.onTopics(Topics.DOCUMENT_INGESTED);

    @Test
    void repeatedUploadReturnsTheSameDocumentAndNoSecondEvent() {
        String tenant = Uploads.newTenant("idem");
        byte[] pdf = DocumentFixtures.digitalPdf(List.of("Discharge summary " + tenant)).bytes();

        String first = Uploads.upload(tenant, pdf, "a.pdf", "application/pdf")
                .statusCode(202).body("duplicate", equalTo(false)).extract().path("documentId");
        String second = Uploads.upload(tenant, pdf, "renamed.pdf", "application/octet-stream")
                .statusCode(200).body("duplicate", equalTo(true)).extract().path("documentId");

        assertThat(second).isEqualTo(first);
        assertThat(eventsFor(tenant)).hasSize(1);
    }

    @Test
    void sameBytesInAnotherTenantAreAnotherDocument() {
        byte[] pdf = DocumentFixtures.digitalPdf(List.of("Shared template " + System.nanoTime())).bytes();
        String a = Uploads.upload(Uploads.newTenant("tenant-a"), pdf, "a.pdf", "application/pdf")
                .statusCode(202).extract().path("documentId");
        String b = Uploads.upload(Uploads.newTenant("tenant-b"), pdf, "a.pdf", "application/pdf")
                .statusCode(202).extract().path("documentId");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void concurrentIdenticalUploadsYieldOneDocument() {
        String tenant = Uploads.newTenant("race");
        byte[] pdf = DocumentFixtures.digitalPdf(List.of("Concurrent " + tenant)).bytes();

        List<CompletableFuture<String>> uploads = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> Uploads.upload(tenant, pdf, "r.pdf", "application/pdf")
                        .extract().<String>path("documentId")))
                .toList();
        Set<String> ids = uploads.stream().map(CompletableFuture::join).collect(Collectors.toSet());

        assertThat(ids).hasSize(1).doesNotContainNull();
        assertThat(eventsFor(tenant)).hasSize(1);
    }

    private static List<ConsumerRecord<String, byte[]>> eventsFor(String tenant) {
        List<ConsumerRecord<String, byte[]>> events = new ArrayList<>();
        events.add(ingested.awaitRecord(r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)),
                Duration.ofSeconds(20)));
        // The first one arrived; give a duplicate every chance to show up too.
        ingested.drainFor(Duration.ofSeconds(3)).stream()
                .filter(r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)))
                .forEach(events::add);
        return events;
    }
}
