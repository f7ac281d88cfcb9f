package io.medsieve.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The audit service resolves schemas from untrusted headers, so the lookup must not be steerable. */
class EventSchemasTest {

    @Test
    void resourcePathFollowsTheNamingConvention() {
        assertThat(EventSchemas.resourcePath(DocumentIngested.TYPE, DocumentIngested.SCHEMA_VERSION))
                .isEqualTo("schemas/DocumentIngested.v1.schema.json");
        assertThat(EventSchemas.resourcePath(ReviewDecision.TYPE, 2))
                .isEqualTo("schemas/ReviewDecision.v2.schema.json");
    }

    @Test
    void schemaIdUsesTheMappedPrefix() {
        assertThat(EventSchemas.schemaId(StageFailed.TYPE, 1))
                .isEqualTo("https://schemas.medsieve.io/events/StageFailed.v1.schema.json");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "common", "../../META-INF/MANIFEST.MF", "documentingested", "DocumentIngested/.."})
    void unknownEventTypeIsRefused(String eventType) {
        assertThatIllegalArgumentException().isThrownBy(() -> EventSchemas.resourcePath(eventType, 1))
                .satisfies(e -> {
                    if (eventType != null && !eventType.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(eventType);
                    }
                });
        assertThatIllegalArgumentException().isThrownBy(() -> EventSchemas.schemaId(eventType, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void versionBelowOneIsRefused(int version) {
        assertThatIllegalArgumentException().isThrownBy(() -> EventSchemas.resourcePath(SecurityEvent.TYPE, version));
    }
}
