package io.medsieve.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;

/**
 * Records everything the JVM logs while a test runs, to prove that no PHI reaches the logs.
 *
 * <p>Quarkus routes JBoss Logging, SLF4J and JUL through JBoss LogManager, whose root is the JUL
 * root logger, so a handler there sees the application's log records from every thread. A leak
 * can hide in more than the message text, so each captured line holds the formatted message,
 * the raw parameters and the full stack trace (messages of causes and suppressed exceptions
 * included). Only records at or above a logger's configured level reach handlers: the capture
 * checks what the application really writes, not what it would write at DEBUG. Start it inside
 * the test method, once the application is up; {@code System.out} prints are not captured.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     upload(fixtureWithPatientName("Jane Canary"));
 *     logs.assertNoneContains("Jane Canary", "123-45-6789");
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

    private static final int EXCERPT_CHARS = 300;

    private final List<Logger> roots;
    private final CapturingHandler handler = new CapturingHandler();

    private LogCapture(List<Logger> roots) {
        this.roots = roots;
    }

    /** Starts capturing on the root logger(s) until {@link #close()}. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture(rootLoggers());
        capture.roots.forEach(root -> root.addHandler(capture.handler));
        return capture;
    }

    /** One entry per captured record: level, logger, formatted message, parameters and stack trace. */
    public List<String> lines() {
        return List.copyOf(handler.lines);
    }

    /**
     * Fails the test if any captured record mentions any canary; the failure names the canary and
     * shows an excerpt around it so the leaking log statement is easy to find.
     */
    public void assertNoneContains(String... canaries) {
        List<String> leaks = new ArrayList<>();
        for (String line : handler.lines) {
            for (String canary : canaries) {
                int at = line.indexOf(canary);
                if (at >= 0) {
                    leaks.add("'" + canary + "' in: " + excerpt(line, at));
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("Log output contains canary strings (" + leaks.size() + " hit(s)):\n  "
                    + String.join("\n  ", leaks));
        }
    }

    /** Removes the handler; records logged afterwards are not captured. */
    @Override
    public void close() {
        roots.forEach(root -> root.removeHandler(handler));
    }

    /**
     * Normally (every Quarkus module) JBoss LogManager is the JUL manager and there is one root.
     * Where it is not (a module whose surefire does not set {@code java.util.logging.manager}),
     * JBoss Logging and SLF4J still log into JBoss's own context, a second tree to listen on.
     * JBoss hands out a fresh facade per lookup, so identity cannot tell the cases apart.
     */
    private static List<Logger> rootLoggers() {
        Logger julRoot = Logger.getLogger("");
        if (LogManager.getLogManager() instanceof org.jboss.logmanager.LogManager) {
            return List.of(julRoot);
        }
        return List.of(julRoot, LogContext.getLogContext().getLogger(""));
    }

    private static String excerpt(String line, int at) {
        int from = Math.max(0, at - EXCERPT_CHARS / 2);
        int to = Math.min(line.length(), at + EXCERPT_CHARS / 2);
        return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
    }

    /** The JUL handler; turns each record into one searchable string at publish time. */
    private static final class CapturingHandler extends Handler {

        private final Queue<String> lines = new ConcurrentLinkedQueue<>();
        private final SimpleFormatter messageFormatter = new SimpleFormatter();

        CapturingHandler() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (record == null) {
                return;
            }
            StringBuilder line = new StringBuilder()
                    .append(record.getLevel()).append(' ')
                    .append(record.getLoggerName()).append(": ")
                    .append(formattedMessage(record));
            Object[] parameters = record.getParameters();
            if (parameters != null && parameters.length > 0) {
                line.append(" [parameters: ").append(Arrays.deepToString(parameters)).append(']');
            }
            if (record.getThrown() != null) {
                StringWriter stackTrace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(stackTrace));
                line.append(System.lineSeparator()).append(stackTrace);
            }
            lines.add(line.toString());
        }

        /** JBoss records may use printf-style placeholders, which only they know how to fill in. */
        private String formattedMessage(LogRecord record) {
            try {
                if (record instanceof ExtLogRecord extended) {
                    return extended.getFormattedMessage();
                }
                return messageFormatter.formatMessage(record);
            } catch (RuntimeException e) {
                // A broken format string must not hide the raw message from the leak check.
                return String.valueOf(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
