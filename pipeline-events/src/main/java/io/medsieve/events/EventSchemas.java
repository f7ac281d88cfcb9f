package io.medsieve.events;

/**
 * Where the published JSON Schema of each event lives, so any module (the audit service above all) can
 * validate events against the same contract the producers are tested against. It names locations only:
 * which validator to use is the caller's choice, and this module stays free of one at runtime.
 *
 * <p>Schemas reference each other by absolute {@code $id} ({@link #ID_BASE}), which is not a reachable
 * host. A validator must therefore map {@link #ID_BASE} to the classpath directory {@link #RESOURCE_DIR}
 * (for networknt: {@code mapPrefix(ID_BASE, "classpath:" + RESOURCE_DIR)}); otherwise it would try to fetch
 * {@code common.v1.schema.json} over the network.
 */
public final class EventSchemas {

    /** Prefix of every schema's {@code $id}. */
    public static final String ID_BASE = "https://schemas.medsieve.io/events/";

    /** Classpath directory holding the schema files, without a leading slash (ClassLoader style). */
    public static final String RESOURCE_DIR = "schemas/";

    private EventSchemas() {
    }

    /**
     * Classpath resource of an event's schema, for {@link ClassLoader#getResource(String)}.
     *
     * <p>The event type usually comes from an incoming header, i.e. from untrusted bytes, so it is checked
     * against the known types rather than pasted into a path. The version is not checked: a version
     * without a published schema yields a path with no resource behind it, which the caller must treat as
     * "cannot validate" rather than "valid".
     *
     * @throws IllegalArgumentException for an unknown event type or a version below 1
     */
    public static String resourcePath(String eventType, int version) {
        return RESOURCE_DIR + fileName(eventType, version);
    }

    /** The {@code $id} of an event's schema; same checks as {@link #resourcePath(String, int)}. */
    public static String schemaId(String eventType, int version) {
        return ID_BASE + fileName(eventType, version);
    }

    private static String fileName(String eventType, int version) {
        if (eventType == null || !EventJson.TYPES.containsKey(eventType)) {
            throw new IllegalArgumentException("unknown event type");
        }
        if (version < 1) {
            throw new IllegalArgumentException("schema version must be >= 1");
        }
        return eventType + ".v" + version + ".schema.json";
    }
}
