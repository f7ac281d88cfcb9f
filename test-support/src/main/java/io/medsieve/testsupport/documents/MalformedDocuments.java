package io.medsieve.testsupport.documents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A fuzzing corpus for MedSieve's input parsers (ingest's sniffing and inspection, OCR's extraction): valid PDFs,
 * TIFFs, PNGs and JPEGs carrying a canary patient, mutated the way fuzzers and broken transfers mutate files
 * (truncated, bit-flipped, wrong magic, zeroed, doubled), plus hand-made hostile files (bombs, parser-depth attacks,
 * a PDF whose cross-reference points into itself). Deterministic: the same patient and seed give the same bytes, so
 * a failure is reproducible (tests name a fresh canary patient per run, so the mutated documents carry a different
 * name each run while the mutations stay the same).
 *
 * <p>Why generated rather than committed binaries: the mutations are cut from fixtures this module already builds, so
 * the corpus follows the fixtures when they change, and a seed is reviewable where a binary diff is not.
 */
public final class MalformedDocuments {

    /** The seed of the committed regression corpus. */
    public static final long REGRESSION_SEED = 0x5EED_12L;

    /**
     * One corpus entry.
     *
     * @param name      what was done to which file, e.g. {@code png/bitflip-8#1}; free of document content
     * @param bytes     the file
     * @param mediaType the media type the original had (what a client would declare)
     */
    public record Case(String name, byte[] bytes, String mediaType) {

        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    private MalformedDocuments() {
    }

    /**
     * The corpus built around {@code patient}: every case derives from documents naming them, so a test can check
     * that no error message repeats any of their identifiers.
     */
    public static List<Case> corpus(FakePatient patient, long seed) {
        Random random = new Random(seed);
        String page = SampleTexts.referralLetter(patient).getFirst();
        List<Case> originals = List.of(
                new Case("pdf", DocumentFixtures.digitalPdf(SampleTexts.referralLetter(patient)).bytes(),
                        DocumentFixtures.PDF),
                new Case("png", DocumentFixtures.png(shortText(patient), 150).bytes(), DocumentFixtures.PNG),
                new Case("jpeg", DocumentFixtures.jpeg(shortText(patient), 150).bytes(), DocumentFixtures.JPEG),
                new Case("tiff", DocumentFixtures.multiPageTiff(List.of(shortText(patient), page.substring(0, 200)),
                        150).bytes(), DocumentFixtures.TIFF));
        List<Case> cases = new ArrayList<>();
        for (Case original : originals) {
            byte[] bytes = original.bytes();
            String type = original.mediaType();
            String n = original.name();
            for (double keep : new double[]{0.05, 0.5, 0.95}) {
                cases.add(new Case(n + "/truncated-" + Math.round(keep * 100), Arrays.copyOf(bytes,
                        (int) (bytes.length * keep)), type));
            }
            for (int flips : new int[]{1, 16, 256}) {
                cases.add(new Case(n + "/bitflip-" + flips, flipBits(bytes, flips, random), type));
            }
            cases.add(new Case(n + "/zeroed-body", zeroBody(bytes), type));
            cases.add(new Case(n + "/doubled", concat(bytes, bytes), type));
            cases.add(new Case(n + "/header-only", Arrays.copyOf(bytes, Math.min(bytes.length, 64)), type));
        }
        // Wrong magic: each format's header on another format's body.
        cases.add(new Case("png-magic-on-pdf", withPrefix(originals.get(0).bytes(), pngMagic()), DocumentFixtures.PNG));
        cases.add(new Case("pdf-magic-on-png", withPrefix(originals.get(1).bytes(), ascii("%PDF-1.7\n")),
                DocumentFixtures.PDF));
        cases.add(new Case("tiff-magic-on-jpeg", withPrefix(originals.get(2).bytes(), new byte[]{'I', 'I', 42, 0}),
                DocumentFixtures.TIFF));
        cases.add(new Case("jpeg-magic-on-tiff", withPrefix(originals.get(3).bytes(),
                new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}), DocumentFixtures.JPEG));
        // Hostile by construction.
        cases.add(new Case("png-bomb", DocumentFixtures.pngBomb().bytes(), DocumentFixtures.PNG));
        cases.add(new Case("tiff-bomb", DocumentFixtures.tiffBomb().bytes(), DocumentFixtures.TIFF));
        cases.add(new Case("pdf-huge-page", DocumentFixtures.pdfWithHugePage().bytes(), DocumentFixtures.PDF));
        cases.add(new Case("pdf-huge-image", DocumentFixtures.pdfWithHugeImage().bytes(), DocumentFixtures.PDF));
        cases.add(new Case("pdf-corrupt", DocumentFixtures.corruptPdf().bytes(), DocumentFixtures.PDF));
        cases.add(new Case("pdf-nested-arrays", nestedArraysPdf(50_000), DocumentFixtures.PDF));
        cases.add(new Case("pdf-self-referencing-xref", selfReferencingPdf(), DocumentFixtures.PDF));
        cases.add(new Case("one-byte", new byte[]{'%'}, DocumentFixtures.PDF));
        byte[] noise = new byte[2048];
        random.nextBytes(noise);
        cases.add(new Case("random-noise", noise, DocumentFixtures.PDF));
        return List.copyOf(cases);
    }

    /** A few lines with the patient's identifiers: small images OCR in well under a second. */
    private static String shortText(FakePatient patient) {
        return "Patient: " + patient.name() + "\nMRN: " + patient.mrn() + "\nReferral to cardiology.";
    }

    private static byte[] flipBits(byte[] original, int flips, Random random) {
        byte[] bytes = original.clone();
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    /** Keeps the first 32 bytes (the magic and a little header) and zeroes the rest. */
    private static byte[] zeroBody(byte[] original) {
        byte[] bytes = new byte[original.length];
        System.arraycopy(original, 0, bytes, 0, Math.min(32, original.length));
        return bytes;
    }

    private static byte[] withPrefix(byte[] body, byte[] magic) {
        byte[] bytes = body.clone();
        System.arraycopy(magic, 0, bytes, 0, Math.min(magic.length, bytes.length));
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] bytes = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, bytes, a.length, b.length);
        return bytes;
    }

    private static byte[] pngMagic() {
        return new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A page whose content array nests {@code depth} levels deep: recursive-descent parsers overflow their stack. */
    private static byte[] nestedArraysPdf(int depth) {
        String body = "[".repeat(depth) + "]".repeat(depth);
        return ascii("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Nested " + body + " >> endobj\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n");
    }

    /** A PDF whose pages tree lists itself as its own kid and whose xref points at the trailer: loops, not data. */
    private static byte[] selfReferencingPdf() {
        return ascii("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
                + "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000009 00000 n \n"
                + "trailer << /Size 3 /Root 1 0 R /Prev 9 >>\nstartxref\n9\n%%EOF\n");
    }
}
