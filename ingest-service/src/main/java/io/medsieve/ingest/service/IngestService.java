package io.medsieve.ingest.service;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.Producer;
import io.medsieve.events.Sha256;
import io.medsieve.events.Topics;
import io.medsieve.events.TraceParent;
import io.medsieve.ingest.domain.DocumentRecord;
import io.medsieve.ingest.domain.OutboxEvent;
import io.medsieve.ingest.messaging.OutboxRelay;
import io.medsieve.ingest.repository.DocumentRepository;
import io.medsieve.ingest.repository.OutboxRepository;
import io.medsieve.storage.blob.BlobStore;
import io.medsieve.storage.blob.DocumentBlobs;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Accepts documents into the pipeline. The order matters for "nothing is lost": the encrypted blob is durably
 * stored first, then the document row and its {@code DocumentIngested} event commit in one transaction (the
 * outbox), and only then does the relay publish. A crash at any point leaves either nothing visible (the client
 * retries and idempotency absorbs it) or a committed event that the relay will publish.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final UploadInspector inspector;
    private final DocumentBlobs blobs;
    private final BlobStore blobStore;
    private final DocumentRepository documents;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final Vertx vertx;
    private final Producer producer;
    private final Clock clock;

    public IngestService(UploadInspector inspector, DocumentBlobs blobs, BlobStore blobStore,
                         DocumentRepository documents, OutboxRepository outbox, OutboxRelay relay, Vertx vertx,
                         @ConfigProperty(name = "quarkus.application.name") String service,
                         @ConfigProperty(name = "quarkus.application.version") String version) {
        this.inspector = inspector;
        this.blobs = blobs;
        this.blobStore = blobStore;
        this.documents = documents;
        this.outbox = outbox;
        this.relay = relay;
        this.vertx = vertx;
        this.producer = new Producer(service, version);
        this.clock = Clock.systemUTC();
    }

    /** Ingests an upload, or returns the existing document when the tenant already sent the same bytes. */
    public Uni<IngestResult> ingest(UploadRequest request) {
        return blocking(() -> readUpload(request))
                .chain(upload -> Panache.withSession(() -> documents.findByUpload(request.tenantId(), upload.sha256()))
                        .chain(existing -> existing != null
                                ? Uni.createFrom().item(new IngestResult(existing.id, true))
                                : storeAndRegister(request, upload)));
    }

    private Uni<IngestResult> storeAndRegister(UploadRequest request, UploadedBytes upload) {
        UUID documentId = UUID.randomUUID();
        return blocking(() -> {
            InspectedDocument inspected = inspector.inspect(upload.bytes());
            ContentRef stored = blobs.store(request.tenantId(), documentId.toString(), BlobPurposes.ORIGINAL,
                    inspected.mediaType(), inspected.content());
            return new Stored(inspected, stored);
        }).chain(stored -> Panache.withTransaction(() -> register(request, documentId, upload, stored))
                .replaceWith(new IngestResult(documentId, false))
                .onFailure(IngestService::isUniqueViolation)
                .recoverWithUni(() -> concurrentDuplicate(request, upload, stored)))
                .invoke(result -> {
                    if (!result.duplicate()) {
                        relay.requestPublish();
                    }
                });
    }

    private Uni<Void> register(UploadRequest request, UUID documentId, UploadedBytes upload, Stored stored) {
        DocumentRecord record = new DocumentRecord();
        record.id = documentId;
        record.tenantId = request.tenantId();
        record.uploadSha256 = upload.sha256();
        record.storedSha256 = stored.ref().sha256();
        record.mediaType = stored.inspected().mediaType();
        record.sizeBytes = stored.ref().sizeBytes();
        record.pageCount = stored.inspected().pageCount();
        record.priority = request.priority();
        record.requestedTasks = request.tasks().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        record.cloudConsent = request.cloudConsent();
        record.metadataStripped = stored.inspected().metadataStripped();
        record.blobUri = stored.ref().blobUri();
        record.receivedAt = clock.instant();

        DocumentIngested event = new DocumentIngested(
                EventHeader.first(DocumentIngested.TYPE, DocumentIngested.SCHEMA_VERSION, request.tenantId(),
                        documentId.toString(), null, producer, record.receivedAt),
                stored.ref(), record.pageCount, request.priority(), request.tasks(), request.cloudConsent(),
                record.metadataStripped);
        OutboxEvent pending = new OutboxEvent();
        pending.eventId = UUID.fromString(event.header().eventId());
        pending.topic = Topics.DOCUMENT_INGESTED;
        pending.messageKey = documentId.toString();
        pending.tenantId = request.tenantId();
        pending.eventType = DocumentIngested.TYPE;
        pending.payload = EventJson.write(event);
        pending.createdAt = record.receivedAt;
        pending.traceParent = TraceParent.ofCurrentSpan();

        return documents.persist(record).chain(() -> outbox.persist(pending)).replaceWithVoid();
    }

    /** Two identical uploads raced and the other one committed first: answer with its document. */
    private Uni<IngestResult> concurrentDuplicate(UploadRequest request, UploadedBytes upload, Stored stored) {
        return blocking(() -> {
            blobStore.delete(blobStore.keyOf(stored.ref().blobUri()));
            return stored;
        }).chain(() -> Panache.withSession(() -> documents.findByUpload(request.tenantId(), upload.sha256())))
                .map(existing -> new IngestResult(existing.id, true));
    }

    private UploadedBytes readUpload(UploadRequest request) {
        try {
            inspector.checkSize(Files.size(request.upload()));
            byte[] bytes = Files.readAllBytes(request.upload());
            return new UploadedBytes(bytes, Sha256.hex(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled upload", e);
        }
    }

    private <T> Uni<T> blocking(Supplier<T> work) {
        // Returns on the caller's Vert.x context, which Hibernate Reactive requires.
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                LOG.debug("Concurrent duplicate upload resolved by the unique constraint");
                return true;
            }
        }
        return false;
    }


    private record UploadedBytes(byte[] bytes, String sha256) {
    }

    private record Stored(InspectedDocument inspected, ContentRef ref) {
    }
}
