package io.medsieve.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * README command one, run for real: the embedded stack, every service as its own JVM from its runner jar, and the
 * samples pushed through. Guards the demo against rotting while the stages grow.
 */
class DemoIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void demoAcceptsGoodSamplesRefusesBadOnesAndRunsThemThroughTheImplementedStages() throws Exception {
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assumeTrue(Files.isRegularFile(REPOSITORY.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar")),
                    "package every service first (the reactor build does): " + spec.name());
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean ok;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            ok = new MedSieveLauncher(REPOSITORY, out).launch(false);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        System.out.println(report);

        assertThat(ok).as("every accepted sample completed every implemented stage").isTrue();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assertThat(report).containsPattern(spec.name() + "\\s+http://127\\.0\\.0\\.1:\\d+\\s+ready");
        }
        assertThat(report).containsPattern("referral-letter\\.pdf\\s+202\\s+accepted as [0-9a-f-]{36}");
        assertThat(report).containsPattern("discharge-summary\\.tiff\\s+202\\s+accepted as");
        assertThat(report).containsPattern("not-really-a\\.pdf\\s+415\\s+refused: unsupported-media-type");
        assertThat(report).containsPattern("password-protected\\.pdf\\s+422\\s+refused: encrypted-pdf");
        // ingest, OCR, redaction and the router, each in its own JVM, over the real broker
        for (String sample : new String[]{"referral-letter\\.pdf", "mixed-chart\\.pdf", "discharge-summary\\.tiff",
                "faxed-lab-report\\.png", "insurance-card\\.jpg"}) {
            assertThat(report).containsPattern(sample + "\\s+\\S+\\s+\\d+\\s+COMPLETED\\s+COMPLETED\\s+COMPLETED"
                    + "\\s+COMPLETED (LOCAL|CLOUD_SYNC|CLOUD_BATCH|HUMAN_ONLY)");
        }
        assertThat(REPOSITORY.resolve(".medsieve/data")).doesNotExist();
    }
}
