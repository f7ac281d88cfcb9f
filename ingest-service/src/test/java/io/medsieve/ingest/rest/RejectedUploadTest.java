package io.medsieve.ingest.rest;

import io.medsieve.api.Problem;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Topics;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Every kind of bad input gets its own problem type and status, and never an event: each case uploads under a
 * tenant of its own, and no DocumentIngested for any of those tenants may reach the broker.
 */
@QuarkusTest
class RejectedUploadTest {

    private static final List<String> REJECTED_TENANTS = Collections.synchronizedList(new ArrayList<>());

    @RegisterExtension
    static final KafkaTestConsumer ingested = KafkaTestConsumer.onTopics(Topics.DOCUMENT_INGESTED);

    @AfterAll
    static void noEventForAnyRejectedUpload() {
        assertThat(ingested.drainFor(Duration.ofSeconds(3)))
                .noneMatch(r -> REJECTED_TENANTS.contains(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)));
    }

    static Stream<Arguments> badInputs() {
        byte[] oversize = new byte[3 * 1024 * 1024]; // the test profile's limit is 2 MiB
        new Random(7).nextBytes(oversize);
        oversize[0] = '%';
        oversize[1] = 'P';
        oversize[2] = 'D';
        oversize[3] = 'F';
        return Stream.of(
                Arguments.of("empty file", new byte[0], "scan.pdf", 400, "empty-document"),
                Arguments.of("oversize file", oversize, "big.pdf", 413, "document-too-large"),
                Arguments.of("PNG decompression bomb", DocumentFixtures.pngBomb(50_000, 50_000).bytes(),
                        "bomb.png", 422, "page-too-large"),
                Arguments.of("PDF with a huge page", DocumentFixtures.pdfWithHugePage().bytes(),
                        "poster.pdf", 422, "page-too-large"),
                Arguments.of("PDF with a huge image", DocumentFixtures.pdfWithHugeImage().bytes(),
                        "image.pdf", 422, "page-too-large"),
                Arguments.of("password-protected PDF", DocumentFixtures.passwordProtectedPdf().bytes(),
                        "locked.pdf", 422, "encrypted-pdf"),
                Arguments.of("corrupt PDF", DocumentFixtures.corruptPdf().bytes(), "broken.pdf", 422,
                        "corrupt-document"),
                Arguments.of("PDF truncated in transfer", DocumentFixtures.truncatedPdf(
                        List.of("Page one of the chart", "Page two of the chart"), 0.8).bytes(), "chart.pdf", 422,
                        "corrupt-document"),
                Arguments.of("too many pages", DocumentFixtures.digitalPdf(
                        Collections.nCopies(21, "page")).bytes(), "long.pdf", 422, "too-many-pages"),
                Arguments.of("ZIP disguised as PDF", DocumentFixtures.zipNamedAsPdf().bytes(), "scan.pdf", 415,
                        "unsupported-media-type"),
                Arguments.of("HTML disguised as PDF", DocumentFixtures.htmlDocument().bytes(), "scan.pdf", 415,
                        "unsupported-media-type"),
                Arguments.of("plain text disguised as PDF", DocumentFixtures.plainText().bytes(), "scan.pdf",
                        415, "unsupported-media-type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void refusedWithItsOwnProblem(String name, byte[] content, String clientFileName, int status, String code) {
        String tenant = Uploads.newTenant("rejected");
        REJECTED_TENANTS.add(tenant);
        Uploads.upload(tenant, content, clientFileName, "application/pdf")
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://medsieve.io/problems/" + code))
                .body("code", equalTo(code))
                .body("status", equalTo(status))
                .body("instance", equalTo("/v1/documents"))
                .body("detail", not(containsString(clientFileName)));
    }
}
