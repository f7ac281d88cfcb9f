package io.medsieve.llmcloud.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The {@code cloud_batch} row (Hibernate Reactive): one provider batch and when to look at it next. */
@Entity
@Table(name = "cloud_batch")
public class CloudBatchEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String model;

    @Column(name = "provider_batch_id")
    public String providerBatchId;

    /** SUBMITTED or ENDED. */
    @Column(nullable = false)
    public String status;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    /** Next poll; while claimed, the end of the claim's lease. */
    @Column(name = "next_poll_at", nullable = false)
    public Instant nextPollAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** The value the work loop handles. */
    public CloudBatch toBatch() {
        return new CloudBatch(id, tenantId, provider, model, providerBatchId, submittedAt);
    }
}
