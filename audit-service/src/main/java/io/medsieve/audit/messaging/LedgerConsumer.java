package io.medsieve.audit.messaging;

import io.medsieve.audit.domain.EntryCandidate;
import io.medsieve.audit.service.EntryProjector;
import io.medsieve.audit.service.LedgerService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends every record of every pipeline topic and every other stage's dead-letter topic to the ledger, in one
 * consumer group ({@code audit}). Records that are not valid events are recorded too (as {@code InvalidEvent} or
 * {@code DeadLetter}, by digest), because "something unreadable arrived" is itself audit evidence.
 *
 * <p>Only a failing append (database down) reaches the failure strategy: after a few retries the record goes to
 * {@code dlq-audit}, which this consumer deliberately does not read (no loop); an operator replays it to its topic,
 * which is safe because appends are idempotent on eventId.
 */
@ApplicationScoped
public class LedgerConsumer {

    /** The channel reading all audited topics. */
    public static final String CHANNEL = "audit-ledger";
    private static final Logger LOG = Logger.getLogger(LedgerConsumer.class);

    private final EntryProjector projector;
    private final LedgerService ledger;

    public LedgerConsumer(EntryProjector projector, LedgerService ledger) {
        this.projector = projector;
        this.ledger = ledger;
    }

    /** One poll's records, appended in one transaction (batch=true): what makes thousands of appends/s possible. */
    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<EntryCandidate> candidates = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            byte[] body = record.value() == null ? new byte[0] : record.value();
            Instant received = Instant.ofEpochMilli(record.timestamp() > 0 ? record.timestamp()
                    : System.currentTimeMillis());
            candidates.add(projector.project(record.topic(), record.key(), body, record.headers(), received));
        }
        return Uni.createFrom().deferred(() -> ledger.appendAll(candidates))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .onFailure().invoke(e -> LOG.errorf("Ledger append of %d records failed: %s", candidates.size(),
                        e.getClass().getName()))
                .replaceWithVoid();
    }
}
