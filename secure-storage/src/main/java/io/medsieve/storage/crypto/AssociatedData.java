package io.medsieve.storage.crypto;

import java.util.Objects;

/**
 * What an envelope is bound to. Authenticating these values means a blob copied to another tenant, document or
 * purpose fails to decrypt instead of silently exposing one patient's record under another's name.
 *
 * @param tenantId   owning tenant; also selects the tenant key
 * @param documentId document the content belongs to
 * @param purpose    role of the content within the document, e.g. {@code original} or {@code ocr-text}
 */
public record AssociatedData(String tenantId, String documentId, String purpose) {

    public AssociatedData {
        requireText(tenantId, "tenantId");
        requireText(documentId, "documentId");
        requireText(purpose, "purpose");
    }

    /**
     * Encodes each field as a 4-byte big-endian length followed by its UTF-8 bytes, so that no two different
     * triples (e.g. "ab","c" vs "a","bc") can produce the same bytes.
     */
    public byte[] encode() {
        return LengthPrefixed.encode(tenantId, documentId, purpose);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
