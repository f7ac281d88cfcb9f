package io.medsieve.ingest.rest;

import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.LogCapture;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.DocumentMetadata;
import io.medsieve.testsupport.documents.PdfOptions;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plants a canary patient name in file names, PDF metadata and document text, runs accepted and rejected uploads
 * through the service, and checks that the canary reaches neither the logs nor the broker.
 */
@QuarkusTest
class NoPhiInLogsTest {

    @Test
    void canaryNeverReachesLogsOrEvents() throws Exception {
        String canary = Canary.newName();
        String tenant = Uploads.newTenant("canary");
        try (LogCapture logs = LogCapture.start();
             KafkaTestConsumer ingested = KafkaTestConsumer.subscribe(
                     Topics.DOCUMENT_INGESTED, Topics.deadLetter(Stage.INGEST))) {
            String fileName = canary + " referral.pdf";
            byte[] pdf = DocumentFixtures.digitalPdf(List.of("Referral for " + canary + ", DOB 01/02/1950."),
                PdfOptions.defaults().withMetadata(DocumentMetadata.withCanary(canary)).withXmp()).bytes();

            Uploads.upload(tenant, pdf, fileName, "application/pdf").statusCode(202);
            Uploads.upload(tenant, pdf, fileName, "application/pdf").statusCode(200);
            Uploads.upload(tenant, DocumentFixtures.corruptPdf().bytes(), fileName, "application/pdf").statusCode(422);
            Uploads.upload(tenant, DocumentFixtures.passwordProtectedPdf().bytes(), fileName, "application/pdf")
                    .statusCode(422);
            Uploads.upload(tenant, DocumentFixtures.pngWithCanaryMetadata(canary).bytes(), fileName, "image/png")
                    .statusCode(202);

            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            records.add(ingested.awaitRecord(r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)),
                    Duration.ofSeconds(20)));
            records.addAll(ingested.drainFor(Duration.ofSeconds(2)));

            assertThat(logs.lines()).isNotEmpty();
            logs.assertNoneContains(canary, fileName);
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(canary);
            }
        }
    }
}
