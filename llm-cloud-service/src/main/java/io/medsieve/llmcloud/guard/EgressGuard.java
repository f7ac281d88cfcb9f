package io.medsieve.llmcloud.guard;

import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Sha256;
import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;
import io.medsieve.storage.blob.BlobNotFoundException;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.TamperedEnvelopeException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Defence in depth at the boundary: the only way document text reaches a provider adapter is through
 * {@link #inspect}. It proves the text is the redacted version (stored under the redacted-text purpose, whose
 * encryption binds it to that purpose, and whose SHA-256 equals the digest on the routed event), then runs the PHI
 * engine once more under the tenant's own detection policy (the thresholds its documents were redacted with), with
 * redaction placeholders blanked out. Any hit blocks, with one precise exception: a date exactly where the redaction
 * stage declared a shifted date for this very text (same digest), for tenants whose dates are shifted rather than
 * replaced. Any other date, or anything else inside such a span, still blocks. Any doubt blocks.
 *
 * <p>Verdicts never carry matched text, only types and counts, so they can go into a security event.
 */
public final class EgressGuard {

    /**
     * Redaction placeholders such as {@code [NAME_3f9a0c12d4e6]}: the type in capitals, a keyed hex tag of up to 64
     * digits (redaction issues 8 to 64, lengthening a tag on a collision).
     */
    static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z0-9_]*_[0-9a-f]{4,64}\\]");

    private static final String TEXT_PLAIN = "text/plain";

    private final DocumentBlobs blobs;
    private final DetectionPolicies policies;
    private final String redactedTextPurpose;

    public EgressGuard(DocumentBlobs blobs, DetectionPolicies policies, String redactedTextPurpose) {
        this.blobs = blobs;
        this.policies = policies;
        this.redactedTextPurpose = Objects.requireNonNull(redactedTextPurpose, "redactedTextPurpose");
    }

    /**
     * Loads and checks the routed payload; the text is released only in a {@link Verdict.Clear}.
     *
     * @param shiftedDates the shifted dates the redaction stage declared for the text with the payload's digest
     *                     (empty for a tenant without date shifting)
     */
    public Verdict inspect(DocumentRouted routed, List<ShiftedDate> shiftedDates) {
        EventHeader header = routed.header();
        ContentRef payload = routed.payload();
        if (payload == null) {
            return new Verdict.Blocked("llm-cloud.payload-missing", "The routed event carries no payload.");
        }
        if (payload.blobUri() == null) {
            return new Verdict.Blocked("llm-cloud.payload-unverifiable",
                    "The payload is inline, so it cannot be proven to be the stored redacted text.");
        }
        if (!payload.mediaType().toLowerCase(Locale.ROOT).startsWith(TEXT_PLAIN)) {
            return new Verdict.Blocked("llm-cloud.payload-not-text",
                    "The payload's media type is not text/plain.");
        }
        byte[] bytes;
        try {
            bytes = blobs.load(header.tenantId(), header.documentId(), redactedTextPurpose, payload);
        } catch (IllegalArgumentException | TamperedEnvelopeException e) {
            return new Verdict.Blocked("llm-cloud.payload-not-redacted",
                    "The payload is not the document's stored redacted text (wrong purpose, owner or digest).");
        } catch (BlobNotFoundException e) {
            return new Verdict.Blocked("llm-cloud.payload-missing", "The stored redacted text is gone.");
        } catch (KeyUnavailableException e) {
            return new Verdict.Blocked("llm-cloud.key-unavailable",
                    "The tenant key needed to read the redacted text is unavailable.");
        }
        try {
            // DocumentBlobs already compared the digest; compared again here so this guard does not depend on it.
            if (!MessageDigest.isEqual(Sha256.digest(bytes), HexFormat.of().parseHex(payload.sha256()))) {
                return new Verdict.Blocked("llm-cloud.payload-not-redacted",
                        "The payload's SHA-256 differs from the routed event's digest.");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new Verdict.Blocked("llm-cloud.payload-not-text", "The payload is not valid UTF-8 text.");
            }
            List<PhiSpan> hits = withoutDeclaredShiftedDates(text,
                    policies.engine(header.tenantId()).detect(blankPlaceholders(text)), shiftedDates);
            if (!hits.isEmpty()) {
                TreeSet<String> types = new TreeSet<>();
                for (PhiSpan hit : hits) {
                    types.add(hit.type().name());
                }
                return new Verdict.Blocked("llm-cloud.egress-blocked", hits.size()
                        + " possible identifier(s) of type(s) " + String.join(", ", types)
                        + " found in the text about to be sent; nothing was sent.");
            }
            return new Verdict.Clear(text);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Drops the DATE hits that lie inside a declared shifted date; every other hit stays. A declaration outside the
     * text (wrong page, offsets past the page's end) covers nothing.
     */
    static List<PhiSpan> withoutDeclaredShiftedDates(String text, List<PhiSpan> hits, List<ShiftedDate> declared) {
        if (declared.isEmpty() || hits.isEmpty()) {
            return hits;
        }
        List<Integer> pageStarts = new ArrayList<>();
        pageStarts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\f') {
                pageStarts.add(i + 1);
            }
        }
        List<int[]> accepted = new ArrayList<>();
        for (ShiftedDate date : declared) {
            if (date.page() < 1 || date.page() > pageStarts.size() || date.start() < 0 || date.end() <= date.start()) {
                continue;
            }
            int pageStart = pageStarts.get(date.page() - 1);
            int pageEnd = date.page() < pageStarts.size() ? pageStarts.get(date.page()) - 1 : text.length();
            if (pageStart + date.end() <= pageEnd) {
                accepted.add(new int[] {pageStart + date.start(), pageStart + date.end()});
            }
        }
        List<PhiSpan> remaining = new ArrayList<>(hits.size());
        for (PhiSpan hit : hits) {
            boolean declaredShift = hit.type() == PhiType.DATE && accepted.stream()
                    .anyMatch(range -> hit.start() >= range[0] && hit.end() <= range[1]);
            if (!declaredShift) {
                remaining.add(hit);
            }
        }
        return remaining;
    }

    /** Replaces each placeholder by as many spaces, so offsets and neighbouring words stay where they were. */
    static String blankPlaceholders(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(" ".repeat(m.end() - m.start()));
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** What the guard decided. */
    public sealed interface Verdict {

        /** The text may leave. */
        record Clear(String text) implements Verdict {
            @Override
            public String toString() {
                return "Clear[" + text.length() + " chars]";
            }
        }

        /**
         * Nothing may leave.
         *
         * @param code   stable reason code
         * @param detail explanation without PHI (types and counts only)
         */
        record Blocked(String code, String detail) implements Verdict {
        }
    }
}
