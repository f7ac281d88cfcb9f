package io.medsieve.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * Proves a canary is found wherever a log statement can hide it. Logs through JBoss LogManager's
 * own context and through plain JUL, because outside a Quarkus module the two are separate trees.
 */
class LogCaptureTest {

    private static final Logger JBOSS = org.jboss.logmanager.Logger.getLogger("io.medsieve.sample");
    private static final Logger JUL = Logger.getLogger("io.medsieve.sample.jul");

    @Test
    void findsCanaryInPrintfMessage() {
        try (LogCapture logs = LogCapture.start()) {
            ExtLogRecord record = new ExtLogRecord(Level.INFO, "patient %s admitted", ExtLogRecord.FormatStyle.PRINTF,
                    LogCaptureTest.class.getName());
            record.setParameters(new Object[] {"Jane Canary"});
            JBOSS.log(record);

            assertThat(logs.lines()).singleElement().asString().contains("patient Jane Canary admitted");
            assertThatThrownBy(() -> logs.assertNoneContains("Jane Canary"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("'Jane Canary' in:");
        }
    }

    @Test
    void findsCanaryInUnusedParameters() {
        try (LogCapture logs = LogCapture.start()) {
            JUL.log(Level.WARNING, "no placeholder", new Object[] {"SSN 123-45-6789"});
            assertThatThrownBy(() -> logs.assertNoneContains("123-45-6789")).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void findsCanaryInNestedExceptionMessage() {
        try (LogCapture logs = LogCapture.start()) {
            JBOSS.log(Level.SEVERE, "OCR failed", new StacklessException("wrapper", new StacklessException("MRN-CANARY-42", null)));
            assertThatThrownBy(() -> logs.assertNoneContains("MRN-CANARY-42"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("MRN-CANARY-42");
        }
    }

    @Test
    void passesWhenNothingLeaksAndStopsCapturingOnClose() {
        LogCapture logs = LogCapture.start();
        JUL.info("document doc-1 redacted");
        logs.close();
        JUL.info("after close: Jane Canary");

        assertThat(logs.lines()).singleElement().asString().contains("document doc-1 redacted");
        logs.assertNoneContains("Jane Canary");
    }

    /** Keeps the deliberately logged error to two lines of build output. */
    private static final class StacklessException extends RuntimeException {
        StacklessException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
