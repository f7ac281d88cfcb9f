package io.medsieve.llmcloud.domain;

import io.medsieve.llmcloud.guard.ShiftedDate;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The {@code shifted_date} row (Hibernate Reactive): one date the redaction stage declared as shifted. */
@Entity
@Table(name = "shifted_date")
public class ShiftedDateEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "document_id", nullable = false)
    public String documentId;

    /** SHA-256 (hex) of the redacted text the offsets refer to. */
    @Column(name = "text_sha256", nullable = false)
    public String textSha256;

    @Column(nullable = false)
    public int page;

    @Column(name = "start_offset", nullable = false)
    public int startOffset;

    @Column(name = "end_offset", nullable = false)
    public int endOffset;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public ShiftedDate toShiftedDate() {
        return new ShiftedDate(page, startOffset, endOffset);
    }
}
