package io.medsieve.testsupport.documents;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Decompression bombs written byte by byte.
 *
 * <p>They are built by hand, never through ImageIO or a BufferedImage, because the point is a file of a
 * few hundred kilobytes that declares gigapixels: materialising the image to encode it would need the
 * very memory the fixture exists to prove the pipeline never allocates.
 */
final class Bombs {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private Bombs() {
    }

    /**
     * 1-bit greyscale PNG whose IDAT really inflates to {@code height * (1 + ceil(width / 8))} bytes of
     * zeros. 1-bit keeps the file small (Deflate tops out near 1:1032, so 50k x 50k is ~300 KB), while
     * any decoder that expands to 8-bit or RGB pixels needs 2.5 GB or more, and width * height overflows
     * an int, which catches naive size checks too.
     */
    static byte[] png(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(PNG_SIGNATURE);
            ByteBuffer ihdr = ByteBuffer.allocate(13);
            ihdr.putInt(width).putInt(height).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(out, "IHDR", ihdr.array(), 13);

            long rowBytes = 1 + (width + 7L) / 8;
            byte[] data = zlibZeros(rowBytes * height);
            int chunkSize = 1 << 16;
            for (int off = 0; off < data.length; off += chunkSize) {
                int len = Math.min(chunkSize, data.length - off);
                byte[] part = new byte[len];
                System.arraycopy(data, off, part, 0, len);
                chunk(out, "IDAT", part, len);
            }
            chunk(out, "IEND", new byte[0], 0);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(OutputStream out, String type, byte[] data, int len) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(len);
        d.write(t);
        d.write(data, 0, len);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, len);
        d.writeInt((int) crc.getValue());
        d.flush();
    }

    /**
     * A zlib stream that inflates to {@code length} zero bytes, written directly instead of by running
     * {@link Deflater} over the zeros: that took several seconds for a 300 MB payload, while this is
     * instant and reaches the same 1:1032 limit.
     *
     * <p>It is a single dynamic-Huffman block whose literal/length code has just three symbols (literal 0,
     * end-of-block, and length 258 with a 1-bit code) and whose distance code is distance 1 with a 1-bit
     * code. After one literal zero, every further 258 zeros cost two zero bits, so the bulk of the stream
     * is literally zero bytes.
     */
    static byte[] zlibZeros(long length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive");
        }
        BitWriter w = new BitWriter();
        w.out.write(0x78);
        w.out.write(0xDA);
        w.bits(1, 1);          // BFINAL
        w.bits(2, 2);          // BTYPE = dynamic Huffman
        w.bits(29, 5);         // HLIT: 286 literal/length codes
        w.bits(0, 5);          // HDIST: 1 distance code
        w.bits(14, 4);         // HCLEN: 18 code-length code lengths follow
        // Code-length code lengths in RFC 1951 order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1:
        // symbol 18 (run of zeros) gets 1 bit, symbols 1 and 2 get 2 bits.
        int[] clOrder = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1};
        for (int sym : clOrder) {
            w.bits(sym == 18 ? 1 : (sym == 1 || sym == 2) ? 2 : 0, 3);
        }
        // Canonical code-length codes: 18 -> "0", 1 -> "10", 2 -> "11".
        w.code(0b11, 2);       // lit 0: length 2
        w.code(0b0, 1);        // 18: 138 zeros (lits 1..138)
        w.bits(127, 7);
        w.code(0b0, 1);        // 18: 117 zeros (lits 139..255)
        w.bits(106, 7);
        w.code(0b11, 2);       // 256 (end of block): length 2
        w.code(0b0, 1);        // 18: 28 zeros (257..284)
        w.bits(17, 7);
        w.code(0b10, 2);       // 285 (length 258): length 1
        w.code(0b10, 2);       // distance code 0 (distance 1): length 1
        // Canonical literal/length codes: 285 -> "0", 0 -> "10", 256 -> "11"; distance 0 -> "0".
        w.code(0b10, 2);       // the first zero as a literal
        long remaining = length - 1;
        w.zeroBits(remaining / 258 * 2);
        for (long i = 0; i < remaining % 258; i++) {
            w.code(0b10, 2);
        }
        w.code(0b11, 2);       // end of block
        w.flush();
        long adlerB = length % 65521;  // Adler-32 of zeros: A stays 1, B grows by 1 per byte
        long adler = (adlerB << 16) | 1;
        w.out.write((int) (adler >>> 24));
        w.out.write((int) (adler >>> 16) & 0xFF);
        w.out.write((int) (adler >>> 8) & 0xFF);
        w.out.write((int) adler & 0xFF);
        return w.out.toByteArray();
    }

    /** LSB-first bit packer as Deflate requires; Huffman codes are emitted most significant bit first. */
    private static final class BitWriter {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void bits(int value, int count) {
            for (int i = 0; i < count; i++) {
                bit((value >>> i) & 1);
            }
        }

        void code(int code, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bit((code >>> i) & 1);
            }
        }

        void zeroBits(long count) {
            while (count > 0 && used != 0) {
                bit(0);
                count--;
            }
            long bytes = count / 8;
            byte[] zeros = new byte[8192];
            while (bytes > 0) {
                int n = (int) Math.min(zeros.length, bytes);
                out.write(zeros, 0, n);
                bytes -= n;
            }
            for (long i = 0; i < count % 8; i++) {
                bit(0);
            }
        }

        private void bit(int b) {
            current |= b << used;
            if (++used == 8) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }

        void flush() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }
    }

    /**
     * Single-strip bilevel TIFF compressed with CCITT T.6 (Group 4). In G4 an all-white row whose
     * reference row is also all white codes as a single "V0" bit, so 50,000 rows cost about 6 KB while
     * declaring 2.5 gigapixels (312 MB even packed at 1 bit): a far steeper ratio than Deflate allows,
     * in the format fax-heavy medical intake actually receives.
     */
    static byte[] tiffG4(int width, int height, int dpi) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        long bits = (long) height + 24; // one V0 per row, then EOFB = two 12-bit EOL codes
        byte[] strip = new byte[(int) ((bits + 7) / 8)];
        long bit = 0;
        for (int row = 0; row < height; row++) {
            strip[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
            bit++;
        }
        for (int eol = 0; eol < 2; eol++) {
            bit += 11; // eleven zero bits
            strip[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
            bit++;
        }

        int entries = 13;
        int ifdOffset = 8;
        int xResOffset = ifdOffset + 2 + entries * 12 + 4;
        int yResOffset = xResOffset + 8;
        int stripOffset = yResOffset + 8;
        ByteBuffer b = ByteBuffer.allocate(stripOffset + strip.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        b.putShort((short) entries);
        entry(b, 256, 4, width);          // ImageWidth, LONG
        entry(b, 257, 4, height);         // ImageLength
        entry(b, 258, 3, 1);              // BitsPerSample
        entry(b, 259, 3, 4);              // Compression = CCITT T.6
        entry(b, 262, 3, 0);              // PhotometricInterpretation = WhiteIsZero
        entry(b, 266, 3, 1);              // FillOrder = MSB first
        entry(b, 273, 4, stripOffset);    // StripOffsets
        entry(b, 277, 3, 1);              // SamplesPerPixel
        entry(b, 278, 4, height);         // RowsPerStrip
        entry(b, 279, 4, strip.length);   // StripByteCounts
        entry(b, 282, 5, xResOffset);     // XResolution, RATIONAL by offset
        entry(b, 283, 5, yResOffset);     // YResolution
        entry(b, 296, 3, 2);              // ResolutionUnit = inch
        b.putInt(0);
        b.putInt(dpi).putInt(1);
        b.putInt(dpi).putInt(1);
        b.put(strip);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    /** zlib-compresses {@code length} zero bytes; used for the tiny stream behind a huge PDF image. */
    static byte[] deflatedZeros(int length) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(new byte[length]);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
