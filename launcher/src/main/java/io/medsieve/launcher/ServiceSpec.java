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
 */
record ServiceSpec(String name, int defaultPort, String database, String runtimeLogin) {

    /** Every service, in pipeline order. The ingest service must come first: the demo talks to it. */
    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("ingest-service", 8080, "ingest", null),
            new ServiceSpec("ocr-service", 8081, null, null),
            new ServiceSpec("redaction-service", 8082, "redaction", null),
            new ServiceSpec("router-service", 8083, "router", null),
            new ServiceSpec("llm-local-service", 8084, null, null),
            new ServiceSpec("llm-cloud-service", 8085, "llm_cloud", null),
            new ServiceSpec("audit-service", 8086, "audit", "audit_app"));
}
