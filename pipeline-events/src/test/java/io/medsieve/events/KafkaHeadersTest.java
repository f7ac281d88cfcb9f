package io.medsieve.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHeadersTest {

    @Test
    void everyProducerSetsTheSameThreeHeadersInUtf8() {
        var headers = KafkaHeaders.of("e-1", DocumentIngested.TYPE, "clinic-7");

        assertThat(headers.keySet())
                .containsExactly(KafkaHeaders.EVENT_ID, KafkaHeaders.EVENT_TYPE, KafkaHeaders.TENANT);
        assertThat(new String(headers.get(KafkaHeaders.EVENT_ID), StandardCharsets.UTF_8)).isEqualTo("e-1");
        assertThat(new String(headers.get(KafkaHeaders.EVENT_TYPE), StandardCharsets.UTF_8))
                .isEqualTo("DocumentIngested");
        assertThat(new String(headers.get(KafkaHeaders.TENANT), StandardCharsets.UTF_8)).isEqualTo("clinic-7");
    }
}
