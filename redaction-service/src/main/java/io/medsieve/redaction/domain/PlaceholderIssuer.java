package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Hands out the placeholders of one document: {@code [TYPE_hhhhhhhhhhhh]}, the hex being the start of
 * HMAC-SHA256 over {@code TYPE + ":" + normalised value} under the tenant's {@code phi-placeholder} key.
 *
 * <p>Why keyed and not random: the same patient, date or record number gets the same placeholder in every document
 * of a tenant, so downstream analysis can still tell "same person" from "another person"; another tenant's key
 * gives different placeholders, so nothing can be linked across tenants, and without the key a placeholder cannot
 * be confirmed by hashing a guessed value.
 *
 * <p>Collisions: two different values of one type whose hashes share the first {@code hexLength} digits would get
 * the same placeholder, and re-identification could not tell them apart. Within a document the first value (in
 * reading order) keeps the short placeholder; a later, different value is lengthened 4 hex digits at a time until
 * it is unique in the document (the hash has 64). A lengthened placeholder differs from that value's placeholder in
 * other documents; with 12 digits that needs two values with the same 48-bit prefix in one document.
 *
 * <p>Not thread-safe: one instance per document, used in reading order so the outcome is deterministic.
 */
public final class PlaceholderIssuer {

    /** Matches any placeholder this class can issue; group 1 is the type, group 2 the hex. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z][A-Z0-9_]*)_([0-9a-f]{8,64})\\]");
    public static final int MIN_HEX_LENGTH = 8;
    private static final int MAX_HEX_LENGTH = 64;

    private final Function<byte[], byte[]> mac;
    private final int hexLength;
    private final Map<String, String> byKey = new HashMap<>();
    private final Map<String, String> keyByPlaceholder = new HashMap<>();
    private final Map<String, Issued> issued = new LinkedHashMap<>();

    /**
     * @param mac       keyed HMAC-SHA256 under the tenant's placeholder key (returns 32 bytes)
     * @param hexLength hex digits in a placeholder, at least {@value #MIN_HEX_LENGTH}
     */
    public PlaceholderIssuer(Function<byte[], byte[]> mac, int hexLength) {
        if (hexLength < MIN_HEX_LENGTH || hexLength > MAX_HEX_LENGTH) {
            throw new IllegalArgumentException("placeholder hex length must be within 8..64");
        }
        this.mac = mac;
        this.hexLength = hexLength;
    }

    /** The placeholder for {@code value}; the same value (after normalisation) always gets the same one. */
    public String issue(PhiType type, String value) {
        String key = type.name() + ":" + ValueNormalizer.normalise(type, value);
        String known = byKey.get(key);
        if (known != null) {
            return known;
        }
        String hex = HexFormat.of().formatHex(mac.apply(key.getBytes(StandardCharsets.UTF_8)));
        int length = hexLength;
        String placeholder = placeholder(type, hex, length);
        while (keyByPlaceholder.containsKey(placeholder)) {
            length = Math.min(MAX_HEX_LENGTH, length + 4);
            placeholder = placeholder(type, hex, length);
            if (length == MAX_HEX_LENGTH && keyByPlaceholder.containsKey(placeholder)) {
                throw new IllegalStateException("HMAC-SHA256 collision");
            }
        }
        byKey.put(key, placeholder);
        keyByPlaceholder.put(placeholder, key);
        issued.put(placeholder, new Issued(placeholder, type, value));
        return placeholder;
    }

    /** Every placeholder issued so far with the first original value it stood for, in order of issue. */
    public List<Issued> issued() {
        return new ArrayList<>(issued.values());
    }

    private static String placeholder(PhiType type, String hex, int length) {
        return "[" + type.name() + "_" + hex.substring(0, length) + "]";
    }

    /**
     * A placeholder and the original text it replaced first. Re-identification restores this text; other spellings
     * of the same value in the document are restored in this spelling.
     */
    public record Issued(String placeholder, PhiType type, String original) {

        /** No value in {@code toString}: a record printed by accident must not leak it. */
        @Override
        public String toString() {
            return "Issued[" + placeholder + ", " + type + "]";
        }
    }
}
