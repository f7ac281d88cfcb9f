package io.medsieve.storage.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Unambiguous encoding of several strings as authenticated data: plain concatenation would let
 * ("ab", "c") and ("a", "bc") authenticate each other.
 */
final class LengthPrefixed {

    private LengthPrefixed() {
    }

    /** Each field becomes a 4-byte big-endian length followed by its UTF-8 bytes. */
    static byte[] encode(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
