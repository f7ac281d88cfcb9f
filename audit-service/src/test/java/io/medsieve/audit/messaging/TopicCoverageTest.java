package io.medsieve.audit.messaging;

import io.medsieve.events.Stage;
import io.medsieve.events.Topics;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel's topic list is configuration, so a topic added to {@link Topics} or a new {@link Stage} would
 * silently escape the ledger; this keeps the list equal to every pipeline topic plus every DLQ but our own.
 */
class TopicCoverageTest {

    @Test
    void ledgerReadsEveryPipelineTopicAndEveryOtherStagesDeadLetters() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String configured = properties.getProperty("mp.messaging.incoming." + LedgerConsumer.CHANNEL + ".topics");
        Set<String> expected = new HashSet<>(Topics.PIPELINE);
        Arrays.stream(Stage.values()).filter(stage -> stage != Stage.AUDIT)
                .forEach(stage -> expected.add(Topics.deadLetter(stage)));

        assertThat(configured.split(",")).containsExactlyInAnyOrderElementsOf(expected)
                .doesNotContain(Topics.deadLetter(Stage.AUDIT));
        assertThat(properties.getProperty("mp.messaging.incoming." + LedgerConsumer.CHANNEL + ".group.id"))
                .isEqualTo("audit");
        String deadLetters = "mp.messaging.incoming." + LedgerConsumer.CHANNEL + ".dead-letter-queue.topic";
        assertThat(properties.getProperty(deadLetters)).isEqualTo(Topics.deadLetter(Stage.AUDIT));
    }
}
