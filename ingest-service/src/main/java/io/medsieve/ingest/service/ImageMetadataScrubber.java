package io.medsieve.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Removes embedded metadata (EXIF, XMP, comments, text chunks, TIFF descriptive tags) from images at the byte
 * level. Pixels are never decoded and re-encoded, so image quality and the bytes the OCR stage sees are exactly
 * the scanner's. Metadata that rendering needs is kept: PNG/JPEG resolution, colour profiles and TIFF layout tags.
 *
 * <p>Dropping JPEG EXIF also drops its orientation flag; the OCR stage detects orientation from the pixels.
 */
@ApplicationScoped
public class ImageMetadataScrubber {

    /** PNG chunks needed to render faithfully; every other chunk (tEXt, zTXt, iTXt, eXIf, tIME, private) is dropped. */
    private static final Set<String> PNG_KEPT_CHUNKS = Set.of(
            "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD");

    /** TIFF tags whose values are blanked: free text, dates, software and people, plus embedded XMP/IPTC/EXIF/GPS. */
    private static final Set<Integer> TIFF_BLANKED_TAGS = Set.of(
            269, // DocumentName
            270, // ImageDescription
            271, // Make
            272, // Model
            285, // PageName
            305, // Software
            306, // DateTime
            315, // Artist
            316, // HostComputer
            700, // XMP
            33432, // Copyright
            33723, // IPTC
            34377, // Photoshop
            37510, // UserComment
            42016 // ImageUniqueID
    );
    /** TIFF tags pointing at sub-directories whose every value is blanked. */
    private static final Set<Integer> TIFF_BLANKED_SUBDIRECTORIES = Set.of(34665 /* EXIF */, 34853 /* GPS */);
    private static final int[] TIFF_TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};

    /** Scrubs a detected image; throws a corrupt-document rejection if its structure is broken. */
    public byte[] scrub(String mediaType, byte[] content) {
        try {
            return switch (mediaType) {
                case MediaTypes.PNG -> scrubPng(content);
                case MediaTypes.JPEG -> scrubJpeg(content);
                case MediaTypes.TIFF -> scrubTiff(content);
                default -> throw new IllegalArgumentException("not an image type: " + mediaType);
            };
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new DocumentRejectedException(Rejection.CORRUPT_DOCUMENT, "The image structure is truncated.");
        }
    }

    private static byte[] scrubPng(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 8); // signature
        ByteBuffer buffer = ByteBuffer.wrap(in).order(ByteOrder.BIG_ENDIAN);
        int position = 8;
        while (position < in.length) {
            long length = Integer.toUnsignedLong(buffer.getInt(position));
            long chunkEnd = position + 12 + length;
            if (chunkEnd > in.length) {
                throw new IndexOutOfBoundsException();
            }
            String type = new String(in, position + 4, 4, StandardCharsets.US_ASCII);
            if (PNG_KEPT_CHUNKS.contains(type)) {
                out.write(in, position, (int) (chunkEnd - position));
            }
            position = (int) chunkEnd;
            if (type.equals("IEND")) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] scrubJpeg(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 2); // SOI
        int position = 2;
        while (position < in.length) {
            if ((in[position] & 0xFF) != 0xFF) {
                throw new IndexOutOfBoundsException();
            }
            int marker = in[position + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                position++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                out.write(in, position, 2);
                position += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) { // EOI, or start of scan: the rest is entropy-coded data
                out.write(in, position, in.length - position);
                break;
            }
            int length = ((in[position + 2] & 0xFF) << 8) | (in[position + 3] & 0xFF);
            int segmentEnd = position + 2 + length;
            if (length < 2 || segmentEnd > in.length) {
                throw new IndexOutOfBoundsException();
            }
            if (keepJpegSegment(marker, in, position + 4, length - 2)) {
                out.write(in, position, segmentEnd - position);
            }
            position = segmentEnd;
        }
        return out.toByteArray();
    }

    private static boolean keepJpegSegment(int marker, byte[] in, int dataStart, int dataLength) {
        if (marker == 0xFE) { // COM
            return false;
        }
        if (marker < 0xE0 || marker > 0xEF) { // not an APPn: tables, frame headers
            return true;
        }
        return switch (marker) {
            case 0xE0 -> startsWith(in, dataStart, dataLength, "JFIF\0"); // density; JFXX thumbnails dropped
            case 0xE2 -> startsWith(in, dataStart, dataLength, "ICC_PROFILE\0");
            case 0xEE -> startsWith(in, dataStart, dataLength, "Adobe"); // colour transform, needed to decode
            default -> false; // EXIF/XMP (APP1) and every other application segment
        };
    }

    private static boolean startsWith(byte[] in, int start, int length, String prefix) {
        byte[] expected = prefix.getBytes(StandardCharsets.US_ASCII);
        if (length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Blanks values in place, so every offset in the file stays valid. */
    private static byte[] scrubTiff(byte[] original) {
        byte[] out = original.clone();
        ByteBuffer buffer = ByteBuffer.wrap(out);
        if (out[0] == 'I' && out[1] == 'I') {
            buffer.order(ByteOrder.LITTLE_ENDIAN);
        } else if (out[0] == 'M' && out[1] == 'M') {
            buffer.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw new IndexOutOfBoundsException();
        }
        if (buffer.getShort(2) != 42) {
            // BigTIFF (43) or unknown: refuse rather than store metadata we cannot read.
            throw new DocumentRejectedException(Rejection.UNSUPPORTED_MEDIA_TYPE,
                    "BigTIFF and non-standard TIFF variants are not supported.");
        }
        Set<Long> visited = new HashSet<>();
        long ifd = Integer.toUnsignedLong(buffer.getInt(4));
        while (ifd != 0) {
            if (!visited.add(ifd)) {
                throw new DocumentRejectedException(Rejection.CORRUPT_DOCUMENT, "The TIFF directory chain loops.");
            }
            ifd = scrubTiffDirectory(buffer, (int) ifd, false, visited);
        }
        return out;
    }

    /** Blanks the chosen values of one directory; returns the offset of the next directory in the chain. */
    private static long scrubTiffDirectory(ByteBuffer buffer, int offset, boolean blankAll, Set<Long> visited) {
        int entries = Short.toUnsignedInt(buffer.getShort(offset));
        for (int i = 0; i < entries; i++) {
            int entry = offset + 2 + i * 12;
            int tag = Short.toUnsignedInt(buffer.getShort(entry));
            int type = Short.toUnsignedInt(buffer.getShort(entry + 2));
            long count = Integer.toUnsignedLong(buffer.getInt(entry + 4));
            if (TIFF_BLANKED_SUBDIRECTORIES.contains(tag)) {
                long subDirectory = Integer.toUnsignedLong(buffer.getInt(entry + 8));
                if (subDirectory != 0 && visited.add(subDirectory)) {
                    scrubTiffDirectory(buffer, (int) subDirectory, true, visited);
                }
            } else if (blankAll || TIFF_BLANKED_TAGS.contains(tag)) {
                blankTiffValue(buffer, entry, type, count);
            }
        }
        return Integer.toUnsignedLong(buffer.getInt(offset + 2 + entries * 12));
    }

    private static void blankTiffValue(ByteBuffer buffer, int entry, int type, long count) {
        int typeSize = type < TIFF_TYPE_SIZES.length ? TIFF_TYPE_SIZES[type] : 1;
        long length = count * typeSize;
        if (length <= 4) {
            buffer.putInt(entry + 8, 0);
            return;
        }
        long valueOffset = Integer.toUnsignedLong(buffer.getInt(entry + 8));
        if (valueOffset + length > buffer.capacity()) {
            throw new IndexOutOfBoundsException();
        }
        for (long i = 0; i < length; i++) {
            buffer.put((int) (valueOffset + i), (byte) 0);
        }
    }
}
