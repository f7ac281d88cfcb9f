package io.medsieve.testsupport.documents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the committed demo documents in {@code samples/}; this class is the record of how they were made.
 *
 * <p>The samples are generated rather than hand-made so they contain only synthetic data with known
 * content, and so they can be rebuilt identically after a fixture change (everything except the
 * AES-encrypted sample is byte-stable). Regenerate from the repository root with:
 *
 * <pre>
 * ./mvnw -B -q -pl test-support install -DskipTests
 * ./mvnw -B -q -pl test-support org.codehaus.mojo:exec-maven-plugin:3.6.2:java \
 *     -Dexec.mainClass=io.medsieve.testsupport.documents.SampleWriter -Dexec.args=samples
 * </pre>
 */
public final class SampleWriter {

    private SampleWriter() {
    }

    /** The samples by file name, in README order; exposed so a test can check them without touching disk. */
    public static Map<String, Fixture> samples() {
        FakePatient p = FakePatient.demo();
        Map<String, Fixture> out = new LinkedHashMap<>();
        out.put("referral-letter.pdf", DocumentFixtures.digitalPdf(SampleTexts.referralLetter(p),
                PdfOptions.defaults().withPageSize(PageSize.LETTER).withFontSize(10.5f)
                        .withMetadata(new DocumentMetadata("Referral letter - " + p.name(), "Dr. Felix Madeupson",
                                "Cardiology referral", "referral, cardiology, synthetic",
                                "MedSieve SampleWriter", "MedSieve DocumentFixtures"))
                        .withXmp()));
        out.put("faxed-lab-report.png", DocumentFixtures.png(SampleTexts.labReport(p),
                new RasterOptions(200, PageSize.LETTER, 11f, "Monospaced", true, 0.6, 0.0015, 11L)));
        out.put("discharge-summary.tiff", DocumentFixtures.multiPageTiff(SampleTexts.dischargeSummary(p),
                RasterOptions.of(300).withPageSize(PageSize.LETTER).withBitonal(true)));
        out.put("insurance-card.jpg", DocumentFixtures.insuranceCardJpeg(p));
        List<String> chart = SampleTexts.mixedChart(p);
        out.put("mixed-chart.pdf", DocumentFixtures.mixedPdf(
                List.of(PdfPage.digital(chart.get(0)), PdfPage.scanned(chart.get(1))), 150));
        out.put("password-protected.pdf", DocumentFixtures.passwordProtectedPdf(SampleTexts.referralLetter(p)));
        out.put("not-really-a.pdf", DocumentFixtures.zipNamedAsPdf());
        return out;
    }

    /** Writes every sample into {@code args[0]} (default {@code samples}) and prints name and size. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "samples");
        Files.createDirectories(dir);
        long total = 0;
        for (Map.Entry<String, Fixture> e : samples().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue().bytes());
            total += e.getValue().size();
            System.out.printf("%-24s %8d bytes  %s%n", e.getKey(), e.getValue().size(), e.getValue().mediaType());
        }
        System.out.printf("%-24s %8d bytes%n", "total", total);
    }
}
