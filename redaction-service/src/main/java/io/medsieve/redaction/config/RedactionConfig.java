package io.medsieve.redaction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The redaction stage's settings: a recall-first default policy and per-tenant overrides, so one deployment can
 * serve a tenant that accepts more redaction next to one that wants more context kept.
 */
@ConfigMapping(prefix = "medsieve.redaction")
public interface RedactionConfig {

    /** Minimum detector confidence (0..1) for a span to be redacted, unless a tenant overrides it. */
    @WithDefault("0.5")
    double minConfidence();

    /** Threads detecting PHI in pages; unset = one per core. Pages of a document run in parallel on them. */
    OptionalInt workers();

    /**
     * Hex digits of the keyed hash in a placeholder ({@code [NAME_3f9a0c12d4e6]}). At least 8; 12 (48 bits) keeps
     * placeholders of distinct values of one tenant apart well beyond a million values per type.
     */
    @WithDefault("12")
    int placeholderHexLength();

    /** Consistent per-patient date shifting; off unless enabled here or for a tenant. */
    DateShift dateShift();

    /** The flattened redacted PDF and its re-OCR residual check. */
    Pdf pdf();

    /** How the redacted PDF is drawn and checked; see the README's "Redacted PDF". */
    interface Pdf {

        /** Whether a redacted PDF is produced (and re-OCRed) for every document. */
        @WithDefault("true")
        boolean enabled();

        /** Resolution pages are rendered at before masking; also the output's resolution. */
        @WithDefault("200")
        int renderDpi();

        /** Points added around every masked word box (covers skew and anti-aliasing). */
        @WithDefault("1.5")
        double paddingPoints();

        /** Largest page in pixels; larger PDF pages are rendered at a lower resolution, larger images refused. */
        @WithDefault("100000000")
        long maxPixelsPerPage();

        /** Tesseract language data for the residual re-OCR. */
        @WithDefault("/usr/share/tesseract-ocr/5/tessdata")
        String tessdataPath();

        @WithDefault("eng")
        String language();
    }

    /** Per-tenant overrides, keyed by tenant id. */
    Map<String, TenantPolicy> tenants();

    /** Shifts every date of a patient by the same keyed number of days instead of replacing it by a placeholder. */
    interface DateShift {

        @WithDefault("false")
        boolean enabled();

        /** Largest shift in days, either direction; the shift is never 0. */
        @WithDefault("365")
        int maxDays();
    }

    /** What one tenant changes; anything unset falls back to the defaults above. */
    interface TenantPolicy {

        /** The tenant's bar for every type without its own. */
        OptionalDouble minConfidence();

        /** Per-type bars, keyed by {@code PhiType} name (e.g. {@code NAME=0.7}). */
        Map<String, Double> types();

        /** Whether this tenant's dates are shifted (overrides {@code date-shift.enabled}). */
        Optional<Boolean> dateShift();

        /** This tenant's largest shift in days (overrides {@code date-shift.max-days}). */
        OptionalInt dateShiftMaxDays();
    }
}
