package io.medsieve.redaction.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One row of the reversible map: which original value a placeholder stands for in one document. The value is an
 * {@code EnvelopeCipher} envelope, never plaintext; only re-identification opens it.
 */
@Entity
@Table(name = "placeholder_map")
public class PlaceholderMapping extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "document_id", nullable = false)
    public String documentId;

    @Column(nullable = false)
    public String placeholder;

    @Column(name = "phi_type", nullable = false)
    public String phiType;

    @Column(name = "sealed_value", nullable = false)
    public byte[] sealedValue;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
