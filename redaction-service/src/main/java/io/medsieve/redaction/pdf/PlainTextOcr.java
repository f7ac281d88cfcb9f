package io.medsieve.redaction.pdf;

import com.sun.jna.Pointer;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Tesseract engine that reads a page image as plain text, for checking that redacted pages no longer show what
 * they hid. Unlike the OCR stage it needs no words, boxes, confidences or orientation: a redacted page is upright
 * by construction and the check only asks whether a value can be read. Not thread-safe (Tesseract's API is not):
 * one instance per thread. Uses {@link TessAPI#INSTANCE}, the JNA binding to the system's libtesseract.
 */
final class PlainTextOcr implements AutoCloseable {

    private static final TessAPI API = TessAPI.INSTANCE;
    /** Tesseract stops on its own at this deadline, so a pathological page cannot block a worker. */
    private static final int PAGE_DEADLINE_MILLIS = 120_000;

    private final ITessAPI.TessBaseAPI handle;

    private PlainTextOcr(ITessAPI.TessBaseAPI handle) {
        this.handle = handle;
    }

    /** Creates and initialises an engine; fails with a message naming the path, never document content. */
    static PlainTextOcr open(String tessdataPath, String language) {
        ITessAPI.TessBaseAPI handle = API.TessBaseAPICreate();
        if (API.TessBaseAPIInit3(handle, tessdataPath, language) != 0) {
            API.TessBaseAPIDelete(handle);
            throw new IllegalStateException("Tesseract could not load language '" + language + "' from "
                    + tessdataPath);
        }
        API.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
        return new PlainTextOcr(handle);
    }

    /** The text Tesseract reads on an 8-bit grey page image rendered at {@code dpi}. */
    String read(BufferedImage grey, int dpi) {
        if (grey.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("an 8-bit grey image is required");
        }
        try {
            byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
            ByteBuffer buffer = ByteBuffer.allocateDirect(pixels.length).put(pixels).flip();
            API.TessBaseAPISetImage(handle, buffer, grey.getWidth(), grey.getHeight(), 1, grey.getWidth());
            API.TessBaseAPISetSourceResolution(handle, dpi);
            API.TessBaseAPISetPageSegMode(handle, ITessAPI.TessPageSegMode.PSM_AUTO);
            ITessAPI.ETEXT_DESC monitor = API.TessMonitorCreate();
            long started = System.nanoTime();
            int status;
            try {
                API.TessMonitorSetDeadlineMSecs(monitor, PAGE_DEADLINE_MILLIS);
                status = API.TessBaseAPIRecognize(handle, monitor);
            } finally {
                API.TessMonitorDelete(monitor);
            }
            if (System.nanoTime() - started >= PAGE_DEADLINE_MILLIS * 1_000_000L) {
                throw new PdfRedactionException("redaction.pdf.verify-timeout",
                        "Re-OCR of a redacted page did not finish in time.");
            }
            if (status != 0) {
                throw new PdfRedactionException("redaction.pdf.verify-ocr-failed",
                        "The OCR engine could not read a redacted page.");
            }
            Pointer text = API.TessBaseAPIGetUTF8Text(handle);
            if (text == null) {
                return "";
            }
            try {
                return text.getString(0, StandardCharsets.UTF_8.name());
            } finally {
                API.TessDeleteText(text);
            }
        } finally {
            API.TessBaseAPIClear(handle);
        }
    }

    @Override
    public void close() {
        API.TessBaseAPIEnd(handle);
        API.TessBaseAPIDelete(handle);
    }
}
