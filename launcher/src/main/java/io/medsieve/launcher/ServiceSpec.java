package io.medsieve.launcher;

import java.util.List;

/**
 * One service of the pipeline as the launcher runs it.
 *
 * @param name        module directory and application name
 * @param defaultPort port used when free (the one in the service's application.properties)
 * @param database    PostgreSQL database the service owns, or null
 */
record ServiceSpec(String name, int defaultPort, String database) {

    /** Every service, in pipeline order. The ingest service must come first: the demo talks to it. */
    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("ingest-service", 8080, "ingest"),
            new ServiceSpec("ocr-service", 8081, null),
            new ServiceSpec("redaction-service", 8082, "redaction"),
            new ServiceSpec("router-service", 8083, "router"),
            new ServiceSpec("llm-local-service", 8084, null),
            new ServiceSpec("llm-cloud-service", 8085, "llm_cloud"),
            new ServiceSpec("audit-service", 8086, "audit"));
}
