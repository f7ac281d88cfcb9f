package io.medsieve.ocr.service;

import io.medsieve.events.ExtractionMethod;
import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.ocr.domain.ExtractionFailedException;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.testsupport.documents.PdfPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Extraction quality on generated fixtures with known text: method chosen per page, character error rate under a
 * bound, rotation and skew undone. Plain JUnit (no Quarkus) so it runs in seconds; the Kafka path is covered by
 * {@code io.medsieve.ocr.messaging} tests.
 */
class DocumentExtractorTest {

    static final String LETTER = """
            Referral to cardiology clinic
            Patient reports chest pain on exertion for three weeks.
            Blood pressure 142/88 mmHg, heart rate 76 bpm.
            Please assess for stable angina and advise on medication.""";
    static final String NOTE = """
            Discharge summary, ward 7B
            Admitted with community acquired pneumonia.
            Treated with amoxicillin 500 mg three times daily.""";

    static TesseractWorkerPool pool;
    static DocumentExtractor extractor;

    @BeforeAll
    static void startPool() {
        pool = new TesseractWorkerPool(Path.of("/usr/share/tesseract-ocr/5/tessdata"), "eng", 2);
        extractor = new DocumentExtractor(pool, settings(Duration.ofSeconds(60)), (page, nanos) -> { });
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static ExtractionSettings settings(Duration pageTimeout) {
        return new ExtractionSettings(300, 200, 300, 100_000_000L, 70, 20, 0.9, 60, 2.0, pageTimeout, "test");
    }

    static double cer(Fixture fixture, Extraction extraction, int page) {
        return new CharacterErrorRate(fixture.pageTexts().get(page), extraction.pages().get(page).text()).value();
    }

    @Test
    void digitalPdfUsesTheTextLayerWithPositions() {
        Fixture fixture = DocumentFixtures.digitalPdf(List.of(LETTER, NOTE));
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        assertThat(extraction.pages()).extracting(ExtractedPage::method)
                .containsExactly(ExtractionMethod.TEXT_LAYER, ExtractionMethod.TEXT_LAYER);
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.01);
        assertThat(cer(fixture, extraction, 1)).isLessThan(0.01);
        ExtractedPage first = extraction.pages().getFirst();
        assertThat(first.words()).isNotEmpty().allSatisfy(word -> {
            assertThat(word.confidence()).isEqualTo(100);
            assertThat(word.box().x()).isBetween(0.0, first.width());
            assertThat(word.box().y()).isBetween(0.0, first.height());
            assertThat(word.box().width()).isPositive();
        });
        assertThat(extraction.lowConfidencePages()).isEmpty();
    }

    @Test
    void mixedPdfChoosesTheMethodPerPage() {
        Fixture fixture = DocumentFixtures.mixedPdf(
                List.of(PdfPage.digital(LETTER), PdfPage.scanned(NOTE), PdfPage.digital(NOTE)), 300);
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        assertThat(extraction.pages()).extracting(ExtractedPage::method).containsExactly(
                ExtractionMethod.TEXT_LAYER, ExtractionMethod.OCR, ExtractionMethod.TEXT_LAYER);
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.01);
        assertThat(cer(fixture, extraction, 1)).isLessThan(0.03);
        assertThat(cer(fixture, extraction, 2)).isLessThan(0.01);
        ExtractedPage scanned = extraction.pages().get(1);
        // A4 in points whichever way the text was obtained.
        assertThat(scanned.width()).isCloseTo(595, org.assertj.core.data.Offset.offset(2.0));
        assertThat(scanned.words()).allSatisfy(word -> assertThat(word.confidence()).isBetween(0.0, 100.0));
        assertThat(scanned.meanConfidence()).isGreaterThan(80);
    }

    @Test
    void multiPageFaxTiffIsOcredPageByPage() {
        Fixture fixture = DocumentFixtures.multiPageTiff(List.of(LETTER, NOTE), 200);
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        assertThat(extraction.pages()).extracting(ExtractedPage::method)
                .containsExactly(ExtractionMethod.OCR, ExtractionMethod.OCR);
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.03);
        assertThat(cer(fixture, extraction, 1)).isLessThan(0.03);
    }

    @Test
    void jpegIsOcred() {
        Fixture fixture = DocumentFixtures.jpeg(NOTE, 300);
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        assertThat(extraction.pages().getFirst().method()).isEqualTo(ExtractionMethod.OCR);
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.03);
    }

    @Test
    void rotatedPageIsTurnedUpright() {
        Fixture fixture = DocumentFixtures.rotatedPng(LETTER, 90);
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        ExtractedPage page = extraction.pages().getFirst();
        assertThat(page.rotationDegrees()).isEqualTo(90);
        assertThat(page.height()).isGreaterThan(page.width()); // upright A4 again
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.03);
    }

    @Test
    void upsideDownPageIsTurnedUpright() {
        Fixture fixture = DocumentFixtures.rotatedPng(NOTE, 180);
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        assertThat(extraction.pages().getFirst().rotationDegrees()).isEqualTo(180);
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.03);
    }

    @Test
    void skewedPageIsStraightened() {
        Fixture fixture = DocumentFixtures.skewedPng(LETTER, 3.0);
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        ExtractedPage page = extraction.pages().getFirst();
        assertThat(page.skewDegrees()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.03);
    }

    @Test
    void lowDpiFaxIsUpsampledBeforeOcr() {
        Fixture fixture = DocumentFixtures.lowDpiFaxPng(LETTER);
        Extraction extraction = extractor.extract(fixture.bytes(), fixture.mediaType());

        ExtractedPage page = extraction.pages().getFirst();
        assertThat(page.dpi()).isEqualTo(300);
        assertThat(page.width()).isCloseTo(612, org.assertj.core.data.Offset.offset(2.0)); // US Letter
        assertThat(cer(fixture, extraction, 0)).isLessThan(0.10);
    }

    @Test
    void corruptPdfFailsWithAReason() {
        assertThatThrownBy(() -> extractor.extract(DocumentFixtures.corruptPdf().bytes(), "application/pdf"))
                .isInstanceOfSatisfying(ExtractionFailedException.class,
                        e -> assertThat(e.failure().reasonCode()).isEqualTo("ocr.unreadable-document"));
    }

    @Test
    void decompressionBombPageIsRefusedBeforeDecoding() {
        assertThatThrownBy(() -> extractor.extract(DocumentFixtures.pngBomb().bytes(), "image/png"))
                .isInstanceOfSatisfying(ExtractionFailedException.class, e -> {
                    assertThat(e.failure().reasonCode()).isEqualTo("ocr.page-too-large");
                    assertThat(e.failure().reason()).startsWith("Page 1 of 1: ");
                });
    }

    @Test
    void truncatedImageFailsAsUnreadablePage() {
        byte[] png = DocumentFixtures.png(NOTE, 150).bytes();
        byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> extractor.extract(cut, "image/png"))
                .isInstanceOfSatisfying(ExtractionFailedException.class,
                        e -> assertThat(e.failure().reasonCode()).isIn("ocr.unreadable-page", "ocr.unreadable-document"));
    }

    @Test
    void zeroSizePageFailsTheDocumentNamingThePage() throws Exception {
        byte[] pdf = PdfWithEmptyPage.bytes(NOTE);
        assertThatThrownBy(() -> extractor.extract(pdf, "application/pdf"))
                .isInstanceOfSatisfying(ExtractionFailedException.class, e -> {
                    assertThat(e.failure().reasonCode()).isEqualTo("ocr.empty-page");
                    assertThat(e.failure().reason()).startsWith("Page 2 of 2: ");
                });
    }

    @Test
    void pageTimeoutFailsThePageAndTheWorkerStaysUsable() {
        DocumentExtractor impatient = new DocumentExtractor(pool, settings(Duration.ofMillis(1)), (page, n) -> { });
        Fixture fixture = DocumentFixtures.png(LETTER, 300);

        assertThatThrownBy(() -> impatient.extract(fixture.bytes(), fixture.mediaType()))
                .isInstanceOfSatisfying(ExtractionFailedException.class, e -> {
                    assertThat(e.failure().reasonCode()).isEqualTo("ocr.page-timeout");
                    assertThat(e.failure().retryable()).isTrue();
                });
        Extraction after = extractor.extract(fixture.bytes(), fixture.mediaType());
        assertThat(cer(fixture, after, 0)).isLessThan(0.03);
    }

    @Test
    void unsupportedTypeIsRefused() {
        assertThatThrownBy(() -> extractor.extract(new byte[] {1, 2, 3}, "text/plain"))
                .isInstanceOfSatisfying(ExtractionFailedException.class,
                        e -> assertThat(e.failure().reasonCode()).isEqualTo("ocr.unsupported-media-type"));
    }
}
