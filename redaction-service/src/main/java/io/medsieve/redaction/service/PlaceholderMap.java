package io.medsieve.redaction.service;

import io.medsieve.api.ProblemException;
import io.medsieve.redaction.domain.PlaceholderIssuer;
import io.medsieve.redaction.domain.PlaceholderMapping;
import io.medsieve.redaction.repository.PlaceholderMapRepository;
import io.medsieve.storage.crypto.AssociatedData;
import io.medsieve.storage.crypto.EnvelopeCipher;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Reads the reversible map back: replaces the placeholders of one of a tenant's documents in any text (typically
 * an analysis written over the redacted text, which may reorder, repeat or drop placeholders) with the originals.
 */
@ApplicationScoped
public class PlaceholderMap {

    /** Purpose in the associated data of every sealed map value. */
    public static final String PURPOSE = "placeholder-map";

    private final PlaceholderMapRepository repository;
    private final EnvelopeCipher cipher;

    public PlaceholderMap(PlaceholderMapRepository repository, EnvelopeCipher cipher) {
        this.repository = repository;
        this.cipher = cipher;
    }

    /** What a map value is sealed to: it opens only for this tenant and document. */
    public static AssociatedData associatedData(String tenantId, String documentId) {
        return new AssociatedData(tenantId, documentId, PURPOSE);
    }

    /**
     * Replaces every placeholder of the document found in {@code text}; placeholders the document does not have
     * are left in place and reported.
     *
     * @throws ProblemException 404 when the tenant has no redacted document with this id (also another tenant's)
     */
    public Uni<Reidentified> reidentify(String tenantId, String documentId, String text) {
        return Panache.withSession(() -> repository.documentExists(tenantId, documentId)
                        .chain(exists -> exists ? repository.mappings(tenantId, documentId)
                                : Uni.createFrom().failure(ProblemException.notFound("document"))))
                // Decryption is CPU work: off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> replace(tenantId, documentId, text, rows));
    }

    private Reidentified replace(String tenantId, String documentId, String text, List<PlaceholderMapping> rows) {
        Map<String, byte[]> sealed = new HashMap<>();
        for (PlaceholderMapping row : rows) {
            sealed.put(row.placeholder, row.sealedValue);
        }
        Map<String, String> opened = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder(text.length());
        int replaced = 0;
        Matcher m = PlaceholderIssuer.PLACEHOLDER.matcher(text);
        while (m.find()) {
            String placeholder = m.group();
            byte[] envelope = sealed.get(placeholder);
            if (envelope == null) {
                unknown.add(placeholder);
                m.appendReplacement(out, Matcher.quoteReplacement(placeholder));
                continue;
            }
            String original = opened.computeIfAbsent(placeholder, p -> new String(
                    open(envelope, tenantId, documentId), StandardCharsets.UTF_8));
            m.appendReplacement(out, Matcher.quoteReplacement(original));
            replaced++;
        }
        m.appendTail(out);
        return new Reidentified(out.toString(), replaced, new ArrayList<>(unknown));
    }

    /** A crypto-shredded tenant's map is gone for good: a clear 410, not a server error. */
    private byte[] open(byte[] envelope, String tenantId, String documentId) {
        try {
            return cipher.open(envelope, associatedData(tenantId, documentId));
        } catch (KeyUnavailableException e) {
            throw new ProblemException(410, "tenant-key-destroyed", "The tenant's key was destroyed",
                    "This document's placeholder map can no longer be decrypted: the tenant was crypto-shredded.");
        }
    }

    /**
     * The re-identified text.
     *
     * @param text                the text with known placeholders replaced by their originals
     * @param replaced            how many placeholder occurrences were replaced
     * @param unknownPlaceholders distinct placeholder-shaped tokens the document does not have, in order of appearance
     */
    public record Reidentified(String text, int replaced, List<String> unknownPlaceholders) {

        public Reidentified {
            unknownPlaceholders = List.copyOf(unknownPlaceholders);
        }

        /** No text in {@code toString}: it holds PHI. */
        @Override
        public String toString() {
            return "Reidentified[replaced=" + replaced + ", unknown=" + unknownPlaceholders.size() + "]";
        }
    }
}
