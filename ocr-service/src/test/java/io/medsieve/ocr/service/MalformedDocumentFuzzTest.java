package io.medsieve.ocr.service;

import io.medsieve.events.extraction.Extraction;
import io.medsieve.ocr.domain.ExtractionFailedException;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.FakePatient;
import io.medsieve.testsupport.documents.MalformedDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regression run of the parser fuzzing corpus ({@link MalformedDocuments}) through the OCR stage's extractor,
 * which is what the stage runs on every document ingest accepted. Ingest screens most of these out, but the stage
 * must not rely on it (a replayed or hand-produced event can point at anything): every file either extracts or
 * fails with the stage's own reason code and text, which the consumer turns into a StageFailed event. An exception
 * of any other kind would reach the consumer as "internal error, retry", and a retry never fixes a broken file.
 */
class MalformedDocumentFuzzTest {

    private static final FakePatient PATIENT = FakePatient.withCanary();

    static TesseractWorkerPool pool;
    static DocumentExtractor extractor;

    @BeforeAll
    static void startPool() {
        pool = new TesseractWorkerPool(Path.of("/usr/share/tesseract-ocr/5/tessdata"), "eng", 2);
        extractor = new DocumentExtractor(pool, DocumentExtractorTest.settings(Duration.ofSeconds(30)),
                (page, nanos) -> { });
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyMalformedFileExtractsOrFailsWithTheStagesOwnReasonAndNoIdentifier() {
        List<String> identifiers = new ArrayList<>(PATIENT.identifiers());
        identifiers.addAll(Canary.fragments(PATIENT.name()));
        List<String> unexpected = new ArrayList<>();
        int extracted = 0;
        int refused = 0;
        for (MalformedDocuments.Case input : MalformedDocuments.corpus(PATIENT, MalformedDocuments.REGRESSION_SEED)) {
            try {
                Extraction extraction = extractor.extract(input.bytes(), input.mediaType());
                assertThat(extraction.pages()).as("a successful extraction of %s has pages", input).isNotEmpty();
                extracted++;
            } catch (ExtractionFailedException e) {
                refused++;
                assertThat(e.failure().reasonCode()).as("reason code for %s", input).startsWith("ocr.");
                assertThat(e.failure().reason()).as("reason for %s", input).isNotBlank();
                for (String identifier : identifiers) {
                    assertThat(e.failure().reason() + " " + e.getMessage()).as("error for %s", input)
                            .doesNotContainIgnoringCase(identifier);
                }
            } catch (Throwable e) {
                unexpected.add(input + ": " + e.getClass().getName());
            }
        }
        System.out.printf("OCR fuzz corpus: %d extracted, %d refused with a reason%n", extracted, refused);
        assertThat(unexpected).as("files that escaped the stage's own failure handling").isEmpty();
        assertThat(refused).as("the corpus is hostile enough to be refused somewhere").isPositive();
    }
}
