package io.medsieve.redaction.service;

import io.medsieve.redaction.detect.Lexicon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code redactionVersion} every event carries: {@code redaction-<rules>+dict-<digest>}. The rules part is
 * bumped by hand when detection or placeholder rules change; the dictionary part is the start of the SHA-256 over
 * the bundled word lists, so editing a list changes the version without anyone remembering to. An auditor can then
 * tell which documents were redacted with which lists.
 */
public final class RedactionVersion {

    /** Bump when detectors, normalisation, placeholder or date-shift rules change. */
    static final String RULES = "2";

    private RedactionVersion() {
    }

    /** Computed from the word lists on the classpath; call once at start-up. */
    public static String current() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
        for (String list : Lexicon.WORD_LISTS) {
            try (InputStream in = Lexicon.class.getResourceAsStream(list)) {
                if (in == null) {
                    throw new IllegalStateException("missing PHI word list on the classpath: " + list);
                }
                digest.update(list.getBytes(StandardCharsets.UTF_8));
                digest.update(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read PHI word list " + list, e);
            }
        }
        return "redaction-" + RULES + "+dict-" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }
}
