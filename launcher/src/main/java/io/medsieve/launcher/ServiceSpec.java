package io.medsieve.launcher;

import java.util.List;

/**
 * One service of the pipeline as the launcher runs it.
 *
 * @param name         module directory and application name
 * @param defaultPort  port used when free (the one in the service's application.properties)
 * @param database     PostgreSQL database the service owns, or null
 * @param runtimeLogin database login the service runs as when it must not be the owner that migrates (its
 *                     migration creates it from the datasource credentials), or null to run as the owner
 * @param api          whether it serves an HTTP API (and so checks bearer tokens of the realm)
 */
record ServiceSpec(String name, int defaultPort, String database, String runtimeLogin, boolean api) {

    /** Every service, in pipeline order. The ingest service must come first: the demo talks to it. */
    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("ingest-service", 8080, "ingest", null, true),
            new ServiceSpec("ocr-service", 8081, null, null, false),
            new ServiceSpec("redaction-service", 8082, "redaction", null, true),
            new ServiceSpec("router-service", 8083, "router", null, true),
            new ServiceSpec("llm-local-service", 8084, null, null, false),
            new ServiceSpec("llm-cloud-service", 8085, "llm_cloud", null, false),
            new ServiceSpec("audit-service", 8086, "audit", "audit_app", true));
}
