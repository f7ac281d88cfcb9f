package io.medsieve.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What producers write must be what the published contract accepts, and what consumers read back must be
 * the event that was written: a schema that drifted from the records, or a field lost or rounded on the
 * wire, would only show up later as a rejected or silently altered event in another service.
 */
class EventRoundTripTest {

    static List<Fixtures.Named> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void serialisedEventIsValidAgainstItsSchema(Fixtures.Named fixture) {
        assertThat(Schemas.validate(fixture.event())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void typedReadGivesBackAnEqualEvent(Fixtures.Named fixture) {
        PipelineEvent event = fixture.event();
        byte[] json = EventJson.write(event);

        PipelineEvent read = EventJson.read(json, event.getClass());

        assertThat(read).isEqualTo(event);
        assertThat(read.header().occurredAt()).isEqualTo(event.header().occurredAt());
        // Nothing is lost or added on the way: re-serialising gives the same JSON (compared as trees, because
        // the order of a Set's elements on the wire is not specified).
        assertThat(Schemas.tree(EventJson.write(read))).isEqualTo(Schemas.tree(json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readAnyDispatchesOnTheHeaderEventType(Fixtures.Named fixture) {
        PipelineEvent event = fixture.event();

        PipelineEvent read = EventJson.readAny(EventJson.write(event));

        assertThat(read).isInstanceOf(event.getClass()).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void headerCarriesItsOwnTypeAndVersion(Fixtures.Named fixture) throws ReflectiveOperationException {
        PipelineEvent event = fixture.event();
        Class<?> type = event.getClass();

        assertThat(event.header().eventType()).isEqualTo(type.getField("TYPE").get(null));
        assertThat(event.header().schemaVersion()).isEqualTo(type.getField("SCHEMA_VERSION").getInt(null));
    }

    @Test
    void nanosecondTimestampsSurviveTheWire() {
        DocumentIngested event = Fixtures.ingested();

        String occurredAt = Schemas.tree(EventJson.write(event)).path("header").path("occurredAt").asText();

        assertThat(occurredAt).isEqualTo("2026-03-14T09:26:53.589793238Z");
    }

    @Test
    void setOrderDoesNotMatterForEquality() {
        DocumentIngested event = Fixtures.ingested();
        byte[] json = EventJson.write(event);
        // The same tasks in the opposite order on the wire: a set, so still the same event.
        ObjectNode tree = (ObjectNode) Schemas.tree(json);
        ArrayNode tasks = tree.putArray("requestedTasks");
        AnalysisTask[] all = AnalysisTask.values();
        for (int i = all.length - 1; i >= 0; i--) {
            tasks.add(all[i].name());
        }

        DocumentIngested read = EventJson.read(tree.toString().getBytes(StandardCharsets.UTF_8),
                DocumentIngested.class);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void fixturesCoverEveryEventType() {
        Set<Class<?>> covered = Fixtures.all().stream()
                .map(named -> named.event().getClass())
                .collect(Collectors.toSet());

        assertThat(covered).containsExactlyInAnyOrder(PipelineEvent.class.getPermittedSubclasses());
    }

    @Test
    void fixturesExerciseNullableFieldsBothWays() {
        List<PipelineEvent> events = Fixtures.all().stream().map(Fixtures.Named::event).toList();

        assertThat(events).anyMatch(e -> e.header().causationId() == null)
                .anyMatch(e -> e.header().causationId() != null)
                .anyMatch(e -> e.header().traceparent() == null)
                .anyMatch(e -> e.header().traceparent() != null)
                .anyMatch(e -> e instanceof DocumentRedacted r && r.redactedPdf() == null)
                .anyMatch(e -> e instanceof DocumentRedacted r && r.redactedPdf() != null)
                .anyMatch(e -> e instanceof ReviewDecision r && r.corrections() == null)
                .anyMatch(e -> e instanceof ReviewDecision r && r.corrections() != null)
                .anyMatch(e -> e instanceof StageFailed f && f.failedEventId() == null)
                .anyMatch(e -> e instanceof StageFailed f && f.failedEventId() != null);
    }
}
