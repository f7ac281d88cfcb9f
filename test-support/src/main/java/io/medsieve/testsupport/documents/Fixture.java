package io.medsieve.testsupport.documents;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * A generated test document together with what a correct pipeline should learn from it.
 *
 * <p>{@code mediaType} is the <em>true</em> type of the bytes (what content sniffing must find), while
 * {@code fileName} is what a client would plausibly upload it as; for the disguise fixtures the two
 * deliberately disagree (a ZIP called {@code scan.pdf}), which is the whole point of those fixtures.
 *
 * <p>{@code pageTexts} is the ground truth as it was laid out on each page (after word wrapping, with
 * line breaks where the renderer broke lines), so OCR and text-layer checks can compare against it
 * after normalising whitespace. It is empty for fixtures that carry no meaningful text (bombs, garbage).
 * For scanned pages it is what OCR should recover, not what a text-layer extractor will return.
 *
 * <p>The byte array is handed out as-is rather than copied: fixtures can be tens of megabytes of
 * image data in aggregate and tests treat them as read-only.
 *
 * @param bytes     the document bytes
 * @param mediaType the real media type of {@code bytes}
 * @param fileName  a plausible client-side file name (may lie about the type, see above)
 * @param pages     number of pages/frames a correct decoder sees, 0 if the document is unreadable
 * @param pageTexts per-page ground-truth text, possibly empty
 */
public record Fixture(byte[] bytes, String mediaType, String fileName, int pages, List<String> pageTexts) {

    public Fixture {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(fileName, "fileName");
        pageTexts = List.copyOf(pageTexts);
    }

    /** All page texts joined by a blank line, for checks that don't care where pages break. */
    public String text() {
        return String.join("\n\n", pageTexts);
    }

    public int size() {
        return bytes.length;
    }

    public InputStream inputStream() {
        return new ByteArrayInputStream(bytes);
    }

    /** Lets a test plant a canary in the upload name without regenerating the document. */
    public Fixture withFileName(String newFileName) {
        return new Fixture(bytes, mediaType, newFileName, pages, pageTexts);
    }

    /** Keeps test failure messages readable instead of dumping an array identity and pages of text. */
    @Override
    public String toString() {
        return "Fixture[" + fileName + ", " + mediaType + ", " + bytes.length + " bytes, " + pages + " pages]";
    }

    /**
     * Whitespace-insensitive form used to compare extracted or OCR'd text with {@link #pageTexts()}:
     * text extractors and OCR engines disagree with the layout about line breaks and runs of spaces, but
     * never about the words.
     */
    public static String normalizeWhitespace(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
