package io.medsieve.ingest.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.medsieve.events.Priority;

import java.time.Instant;
import java.util.UUID;

/**
 * An accepted document. Holds what the status API and idempotency need, never the file name, metadata or content:
 * the content lives encrypted in the blob store, referenced by {@link #blobUri}.
 */
@Entity
@Table(name = "document")
public class DocumentRecord {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** SHA-256 of the bytes as uploaded: the idempotency key within a tenant. */
    @Column(name = "upload_sha256", nullable = false)
    public String uploadSha256;

    /** SHA-256 of the bytes as stored (after metadata stripping). */
    @Column(name = "stored_sha256", nullable = false)
    public String storedSha256;

    @Column(name = "media_type", nullable = false)
    public String mediaType;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "page_count", nullable = false)
    public int pageCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Priority priority;

    /** Comma-separated {@code AnalysisTask} names. */
    @Column(name = "requested_tasks", nullable = false)
    public String requestedTasks;

    @Column(name = "cloud_consent", nullable = false)
    public boolean cloudConsent;

    @Column(name = "metadata_stripped", nullable = false)
    public boolean metadataStripped;

    @Column(name = "blob_uri", nullable = false)
    public String blobUri;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
