package io.medsieve.audit.domain;

import io.medsieve.audit.verify.SignedTreeHead;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A stored signed tree head; append-only like the entries it covers. */
@Entity
@Table(name = "ledger_checkpoint")
public class Checkpoint extends PanacheEntityBase {

    @Id
    @Column(name = "tree_size")
    public long treeSize;

    @Column(name = "root_hash", nullable = false)
    public String rootHash;

    @Column(name = "signed_at", nullable = false)
    public Instant signedAt;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(nullable = false)
    public String signature;

    public SignedTreeHead toTreeHead() {
        return new SignedTreeHead(treeSize, rootHash, signedAt, keyId, signature);
    }
}
