package io.medsieve.testsupport.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the committed samples/ generator honest: the set of files, their types and the size budget. */
class SampleWriterTest {

    private static final long BUDGET = 2L * 1024 * 1024;

    @Test
    void samplesAreTheDocumentedSetAndFitTheBudget() throws IOException {
        Map<String, Fixture> samples = SampleWriter.samples();

        assertThat(samples.keySet()).containsExactly("referral-letter.pdf", "faxed-lab-report.png",
                "discharge-summary.tiff", "insurance-card.jpg", "mixed-chart.pdf", "password-protected.pdf",
                "not-really-a.pdf");
        assertThat(samples.values().stream().mapToLong(Fixture::size).sum()).isLessThan(BUDGET);
        assertThat(samples.get("not-really-a.pdf").mediaType()).isEqualTo(DocumentFixtures.ZIP);
        assertThat(samples.get("discharge-summary.tiff").pages()).isEqualTo(2);

        try (PDDocument doc = Loader.loadPDF(samples.get("referral-letter.pdf").bytes())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            List<String> expected = PdfFixturesTest.normalised(samples.get("referral-letter.pdf").pageTexts());
            assertThat(PdfFixturesTest.pageTexts(doc)).containsExactlyElementsOf(expected);
        }
        try (PDDocument doc = Loader.loadPDF(samples.get("mixed-chart.pdf").bytes())) {
            assertThat(PdfFixturesTest.pageTexts(doc).get(1)).isEmpty();
        }
        assertThatThrownBy(() -> Loader.loadPDF(samples.get("password-protected.pdf").bytes()).close())
                .isInstanceOf(InvalidPasswordException.class);
        assertThat(samples.values()).as("no SSN-shaped numbers, even fake ones")
                .allSatisfy(f -> assertThat(f.text()).doesNotContainPattern("\\d{3}-\\d{2}-\\d{4}"));
    }

    @Test
    void mainWritesEveryFile(@TempDir Path dir) throws IOException {
        SampleWriter.main(new String[] {dir.toString()});

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(7).contains("referral-letter.pdf");
        }
        assertThat(Files.readAllBytes(dir.resolve("referral-letter.pdf")))
                .as("regeneration is byte-stable for unencrypted samples")
                .isEqualTo(SampleWriter.samples().get("referral-letter.pdf").bytes());
    }
}
