package io.medsieve.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Reading is where untrusted bytes meet the event model. Rejections end up in logs and dead-letter headers,
 * and Jackson's own messages quote the offending input (which can be PHI), so the exception must describe
 * the failure without repeating any of it. Reading must also fail closed: a flag that is simply absent must
 * not turn into {@code false}.
 */
class EventJsonTest {

    /** Stands in for PHI; it must never appear in anything an InvalidEventException exposes. */
    private static final String CANARY = "CANARY-Erika-Mustermann-1961";

    @Test
    void readAnyReturnsTheRecordNamedByTheHeader() {
        assertThat(EventJson.readAny(EventJson.write(Fixtures.ingested()))).isInstanceOf(DocumentIngested.class);
        assertThat(EventJson.readAny(EventJson.write(Fixtures.corrected()))).isInstanceOf(ReviewDecision.class);
        assertThat(EventJson.readAny(EventJson.write(Fixtures.keyErased()))).isInstanceOf(SecurityEvent.class);
    }

    @Test
    void readAnyRejectsAnUnknownEventType() {
        byte[] json = withHeader(Fixtures.ingested(), header -> header.put("eventType", "DocumentDeleted"));

        assertThatThrownBy(() -> EventJson.readAny(json)).isInstanceOf(EventJson.InvalidEventException.class)
                .hasMessage("unknown event type");
    }

    @Test
    void readAnyRejectsAnEventWithoutHeader() {
        ObjectNode json = (ObjectNode) Schemas.tree(EventJson.write(Fixtures.ingested()));
        json.remove("header");

        assertThatThrownBy(() -> EventJson.readAny(bytes(json.toString())))
                .isInstanceOf(EventJson.InvalidEventException.class);
    }

    @Test
    void readAnyTrustsTheHeaderNotTheShape() {
        // A DocumentIngested body announced as DocumentRouted: dispatch follows the header and the body fails.
        byte[] json = withHeader(Fixtures.ingested(), header -> header.put("eventType", DocumentRouted.TYPE));

        assertThatThrownBy(() -> EventJson.readAny(json)).isInstanceOf(EventJson.InvalidEventException.class);
    }

    @Test
    void readersTolerateUnknownFields() {
        // Tolerant reader: a newer producer's additive field must not break this consumer (the schema is stricter).
        SecurityEvent event = Fixtures.egressBlocked();
        ObjectNode json = (ObjectNode) Schemas.tree(EventJson.write(event));
        json.put("addedInV2", true);
        ((ObjectNode) json.path("header")).put("tracestate", "vendor=1");

        assertThat(EventJson.readAny(bytes(json.toString()))).isEqualTo(event);
    }

    @Test
    void typedReadRejectsAnotherEventsShape() {
        byte[] json = EventJson.write(Fixtures.egressBlocked());

        assertThatThrownBy(() -> EventJson.read(json, DocumentIngested.class))
                .isInstanceOf(EventJson.InvalidEventException.class)
                .hasMessage("not a valid DocumentIngested");
    }

    /** Every number or boolean field (at any depth, outside arrays) of one fixture per event type. */
    static Stream<Arguments> primitiveFields() {
        List<Arguments> cases = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Fixtures.Named fixture : Fixtures.all()) {
            if (seen.add(fixture.event().getClass())) {
                collectPrimitives(Schemas.tree(EventJson.write(fixture.event())), "",
                        pointer -> cases.add(Arguments.of(fixture, pointer)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("primitiveFields")
    void missingPrimitiveIsRejectedNotDefaulted(Fixtures.Named fixture, String pointer) {
        ObjectNode json = (ObjectNode) Schemas.tree(EventJson.write(fixture.event()));
        parentOf(json, pointer).remove(fieldOf(pointer));

        assertThatThrownBy(() -> EventJson.readAny(bytes(json.toString())))
                .isInstanceOf(EventJson.InvalidEventException.class);
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("primitiveFields")
    void nullPrimitiveIsRejectedNotDefaulted(Fixtures.Named fixture, String pointer) {
        ObjectNode json = (ObjectNode) Schemas.tree(EventJson.write(fixture.event()));
        parentOf(json, pointer).putNull(fieldOf(pointer));

        assertThatThrownBy(() -> EventJson.read(bytes(json.toString()), fixture.event().getClass()))
                .isInstanceOf(EventJson.InvalidEventException.class);
    }

    @Test
    void emptyOrNullInputIsRejected() {
        assertThatThrownBy(() -> EventJson.readAny(new byte[0])).isInstanceOf(EventJson.InvalidEventException.class);
        assertThatThrownBy(() -> EventJson.readAny(bytes("null")))
                .isInstanceOf(EventJson.InvalidEventException.class);
    }

    /** Malformed inputs, each with the canary where a parser or mapper would be tempted to quote it. */
    static List<String> malformedInputs() {
        List<String> inputs = new ArrayList<>();
        String valid = new String(EventJson.write(Fixtures.ingested()), StandardCharsets.UTF_8);
        inputs.add(CANARY);
        inputs.add("{\"header\":{\"eventType\":\"DocumentIngested\",\"tenantId\":\"" + CANARY);
        inputs.add("{\"" + CANARY + "\" 42}");
        inputs.add(valid.replace("\"URGENT\"", "\"" + CANARY + "\""));
        inputs.add(valid.replace("\"pageCount\":3", "\"pageCount\":\"" + CANARY + "\""));
        inputs.add(valid.replace("\"2026-03-14T09:26:53.589793238Z\"", "\"" + CANARY + "\""));
        inputs.add(valid.replace("\"inlineText\":null", "\"inlineText\":\"" + CANARY + "\""));
        inputs.add(valid.replace("\"requestedTasks\":[", "\"requestedTasks\":[\"" + CANARY + "\","));
        inputs.add(valid.replace("\"eventId\":\"0f8e2d4c-6b1a-4e7f-9c3d-2a5b8e1f7c60\"",
                "\"eventId\":{\"" + CANARY + "\":1}"));
        inputs.add(valid.replace("\"pageCount\":3", "\"pageCount\":3" + CANARY));
        inputs.add("[\"" + CANARY + "\"]");
        inputs.add("{\"header\":{\"eventType\":\"" + CANARY + "\"}}");
        inputs.add("{\"header\":{\"eventType\":\"DocumentIngested\"},\"source\":{\"blobUri\":\"" + CANARY + "\"}}");
        for (String input : inputs) {
            assertThat(input).as("each input really carries the canary").contains(CANARY);
        }
        return inputs;
    }

    @ParameterizedTest
    @MethodSource("malformedInputs")
    void readAnyNeverQuotesTheInput(String input) {
        EventJson.InvalidEventException e = catchThrowableOfType(EventJson.InvalidEventException.class,
                () -> EventJson.readAny(bytes(input)));

        assertThat(e).isNotNull();
        assertCanaryAbsent(e);
    }

    @ParameterizedTest
    @MethodSource("malformedInputs")
    void typedReadNeverQuotesTheInput(String input) {
        EventJson.InvalidEventException e = catchThrowableOfType(EventJson.InvalidEventException.class,
                () -> EventJson.read(bytes(input), DocumentIngested.class));

        assertThat(e).isNotNull();
        assertCanaryAbsent(e);
    }

    @Test
    void withoutTheWrappingJacksonWouldQuoteTheInput() {
        // Control: for enum, number, date and set values the canary does reach Jackson's own messages, so the
        // two tests above would catch a wrapper that passed them on.
        List<String> leaking = malformedInputs().stream()
                .filter(input -> {
                    Throwable raw = catchThrowable(
                            () -> EventJson.mapper().readValue(bytes(input), DocumentIngested.class));
                    return raw != null && String.valueOf(raw.getMessage()).contains(CANARY);
                })
                .toList();

        assertThat(leaking).isNotEmpty();
    }

    private static void assertCanaryAbsent(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(CANARY);
            assertThat(t.toString()).doesNotContain(CANARY);
            for (Throwable suppressed : t.getSuppressed()) {
                assertCanaryAbsent(suppressed);
            }
        }
        // What a logger would print for the exception.
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(CANARY);
    }

    private static void collectPrimitives(JsonNode node, String pointer, Consumer<String> sink) {
        node.properties().forEach(field -> {
            String child = pointer + "/" + field.getKey();
            if (field.getValue().isNumber() || field.getValue().isBoolean()) {
                sink.accept(child);
            } else if (field.getValue().isObject()) {
                collectPrimitives(field.getValue(), child, sink);
            } else if (field.getValue().isArray() && field.getValue().path(0).isObject()) {
                collectPrimitives(field.getValue().path(0), child + "/0", sink);
            }
        });
    }

    private static ObjectNode parentOf(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer.substring(0, pointer.lastIndexOf('/')));
    }

    private static String fieldOf(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    private static byte[] withHeader(PipelineEvent event, UnaryOperator<ObjectNode> change) {
        ObjectNode json = (ObjectNode) Schemas.tree(EventJson.write(event));
        change.apply((ObjectNode) json.path("header"));
        return bytes(json.toString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
