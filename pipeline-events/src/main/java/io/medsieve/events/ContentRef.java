package io.medsieve.events;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Claim-check for content: either a reference to an encrypted blob, or (for small text only) the text
 * inline. Keeping large content out of Kafka keeps records small and lets blobs be crypto-shredded.
 *
 * @param mediaType  media type of the content
 * @param sizeBytes  size of the plaintext content
 * @param sha256     hex SHA-256 of the plaintext content, for integrity and audit
 * @param blobUri    where the encrypted blob lives, or null when inline
 * @param inlineText the content itself when it is small text, or null
 */
public record ContentRef(String mediaType, long sizeBytes, String sha256, String blobUri, String inlineText) {

    /** Largest content (UTF-8 bytes) that may travel inline inside an event. */
    public static final int MAX_INLINE_BYTES = 4096;

    public ContentRef {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(sha256, "sha256");
        if ((blobUri == null) == (inlineText == null)) {
            throw new IllegalArgumentException("exactly one of blobUri and inlineText must be set");
        }
        if (inlineText != null && inlineText.getBytes(StandardCharsets.UTF_8).length > MAX_INLINE_BYTES) {
            throw new IllegalArgumentException("inline content exceeds " + MAX_INLINE_BYTES + " bytes; use a blob");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0");
        }
    }

    /** A reference to content held in the blob store. */
    public static ContentRef stored(String mediaType, long sizeBytes, String sha256, String blobUri) {
        return new ContentRef(mediaType, sizeBytes, sha256, Objects.requireNonNull(blobUri, "blobUri"), null);
    }

    /** Small text carried inside the event. */
    public static ContentRef inline(String mediaType, String text, String sha256) {
        return new ContentRef(mediaType, text.getBytes(StandardCharsets.UTF_8).length, sha256, null, text);
    }
}
