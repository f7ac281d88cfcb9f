package io.medsieve.embedded;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises the level of the embedded servers' own loggers to WARNING.
 *
 * <p>A KRaft broker logs hundreds of INFO lines on startup, and inside a Quarkus test those go
 * through SLF4J into JBoss LogManager, drowning the service's own output and every log capture.
 * Levels are set on {@code java.util.logging} categories, which both JBoss LogManager and the
 * JDK log manager honour, so no logging backend is forced on callers. When JBoss LogManager is
 * on the classpath without being the installed JUL manager (plain unit tests), SLF4J still logs
 * into its own context, so that context is quietened too.
 */
final class NoisyLoggers {

    /** The JDK log manager holds loggers weakly; a level set on a collected logger is lost. */
    private static final List<Logger> SILENCED = new CopyOnWriteArrayList<>();

    private NoisyLoggers() {
    }

    /** Lets only warnings and errors through for the given logger categories. */
    static void silence(String... categories) {
        for (String category : categories) {
            silence(Logger.getLogger(category));
            Logger jbossLogger = jbossLogger(category);
            if (jbossLogger != null) {
                silence(jbossLogger);
            }
        }
    }

    private static void silence(Logger logger) {
        logger.setLevel(Level.WARNING);
        SILENCED.add(logger);
    }

    /** Reflection keeps JBoss LogManager an optional runtime companion rather than a dependency. */
    private static Logger jbossLogger(String category) {
        try {
            Class<?> logContext = Class.forName("org.jboss.logmanager.LogContext", true, NoisyLoggers.class.getClassLoader());
            Object context = logContext.getMethod("getLogContext").invoke(null);
            return (Logger) logContext.getMethod("getLogger", String.class).invoke(context, category);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // Absent or an unexpected version: the JUL levels alone must do.
            return null;
        }
    }
}
