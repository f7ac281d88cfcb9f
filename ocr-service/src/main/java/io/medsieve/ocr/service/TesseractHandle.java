package io.medsieve.ocr.service;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.medsieve.events.extraction.BoundingBox;
import io.medsieve.events.extraction.ExtractedWord;
import io.medsieve.ocr.domain.ExtractionFailedException;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One initialised Tesseract engine. Loading the language model costs far more than reading a page, so each OCR
 * worker thread owns one handle for its whole life; a handle is never shared between threads (Tesseract's API is
 * not thread-safe). Uses {@link TessAPI#INSTANCE}, the JNA binding to the system's libtesseract.
 */
final class TesseractHandle implements AutoCloseable {

    private static final TessAPI API = TessAPI.INSTANCE;

    private final ITessAPI.TessBaseAPI handle;

    private TesseractHandle(ITessAPI.TessBaseAPI handle) {
        this.handle = handle;
    }

    /** Creates and initialises an engine; fails with a message naming the path, never document content. */
    static TesseractHandle open(Path tessdata, String language) {
        ITessAPI.TessBaseAPI handle = API.TessBaseAPICreate();
        if (API.TessBaseAPIInit3(handle, tessdata.toString(), language) != 0) {
            API.TessBaseAPIDelete(handle);
            throw new IllegalStateException("Tesseract could not load language '" + language + "' from " + tessdata);
        }
        // Tesseract's own diagnostics go to stderr otherwise; they are noise in service logs.
        API.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
        return new TesseractHandle(handle);
    }

    /** The libtesseract version, part of the extractor version recorded in events. */
    static String version() {
        return API.TessVersion();
    }

    /**
     * Clockwise rotation (0, 90, 180, 270) the page has, from Tesseract's orientation and script detection (needs
     * osd.traineddata); 0 when OSD finds too little text or is not confident enough.
     */
    int detectRotation(BufferedImage grey, int dpi, double minConfidence) {
        try {
            setImage(grey, dpi);
            API.TessBaseAPISetPageSegMode(handle, ITessAPI.TessPageSegMode.PSM_OSD_ONLY);
            IntBuffer degrees = IntBuffer.allocate(1);
            FloatBuffer confidence = FloatBuffer.allocate(1);
            FloatBuffer scriptConfidence = FloatBuffer.allocate(1);
            PointerByReference script = new PointerByReference();
            boolean found = API.TessBaseAPIDetectOrientationScript(handle, degrees, confidence, script,
                    scriptConfidence) == ITessAPI.TRUE;
            if (!found || confidence.get(0) < minConfidence) {
                return 0;
            }
            // OSD reports the text's counter-clockwise orientation, which is the page's clockwise rotation.
            return Math.floorMod(degrees.get(0), 360);
        } finally {
            API.TessBaseAPIClear(handle);
        }
    }

    /**
     * Reads an upright greyscale page. Tesseract stops on its own at {@code timeout} (its monitor deadline), so a
     * pathological page frees its worker instead of blocking it. {@code sourceDpi} 0 (an image that declares no
     * resolution) lets Tesseract estimate it from the text height, as the CLI does; {@code geometryDpi} converts
     * the boxes to points.
     */
    OcrPageResult recognize(BufferedImage grey, int sourceDpi, int geometryDpi, Duration timeout) {
        int dpi = geometryDpi;
        try {
            setImage(grey, sourceDpi);
            API.TessBaseAPISetPageSegMode(handle, ITessAPI.TessPageSegMode.PSM_AUTO);
            ITessAPI.ETEXT_DESC monitor = API.TessMonitorCreate();
            long started = System.nanoTime();
            int status;
            try {
                API.TessMonitorSetDeadlineMSecs(monitor, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                status = API.TessBaseAPIRecognize(handle, monitor);
            } finally {
                API.TessMonitorDelete(monitor);
            }
            if (System.nanoTime() - started >= timeout.toNanos()) {
                throw new ExtractionFailedException("ocr.page-timeout",
                        "OCR did not finish within " + timeout.toSeconds() + " s.", true);
            }
            if (status != 0) {
                throw new ExtractionFailedException("ocr.engine-failed", "The OCR engine could not read the page.",
                        false);
            }
            return new OcrPageResult(pageText(), words(dpi), meanConfidence());
        } finally {
            API.TessBaseAPIClear(handle);
        }
    }

    private void setImage(BufferedImage grey, int dpi) {
        byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        ByteBuffer buffer = ByteBuffer.allocateDirect(pixels.length).put(pixels).flip();
        API.TessBaseAPISetImage(handle, buffer, grey.getWidth(), grey.getHeight(), 1, grey.getWidth());
        if (dpi > 0) {
            API.TessBaseAPISetSourceResolution(handle, dpi);
        }
    }

    private String pageText() {
        Pointer text = API.TessBaseAPIGetUTF8Text(handle);
        if (text == null) {
            return "";
        }
        try {
            return text.getString(0, StandardCharsets.UTF_8.name()).strip();
        } finally {
            API.TessDeleteText(text);
        }
    }

    private List<ExtractedWord> words(int dpi) {
        List<ExtractedWord> words = new ArrayList<>();
        ITessAPI.TessResultIterator iterator = API.TessBaseAPIGetIterator(handle);
        if (iterator == null) {
            return words;
        }
        try {
            ITessAPI.TessPageIterator page = API.TessResultIteratorGetPageIterator(iterator);
            IntBuffer left = IntBuffer.allocate(1);
            IntBuffer top = IntBuffer.allocate(1);
            IntBuffer right = IntBuffer.allocate(1);
            IntBuffer bottom = IntBuffer.allocate(1);
            do {
                Pointer text = API.TessResultIteratorGetUTF8Text(iterator, ITessAPI.TessPageIteratorLevel.RIL_WORD);
                if (text == null) {
                    continue;
                }
                String word;
                try {
                    word = text.getString(0, StandardCharsets.UTF_8.name()).strip();
                } finally {
                    API.TessDeleteText(text);
                }
                if (word.isEmpty()) {
                    continue;
                }
                float confidence = API.TessResultIteratorConfidence(iterator, ITessAPI.TessPageIteratorLevel.RIL_WORD);
                API.TessPageIteratorBoundingBox(page, ITessAPI.TessPageIteratorLevel.RIL_WORD, left, top, right,
                        bottom);
                words.add(new ExtractedWord(word,
                        BoundingBox.fromPixels(left.get(0), top.get(0), right.get(0), bottom.get(0), dpi),
                        Math.max(0, Math.min(100, Math.round(confidence * 100.0) / 100.0))));
            } while (API.TessResultIteratorNext(iterator, ITessAPI.TessPageIteratorLevel.RIL_WORD) == ITessAPI.TRUE);
        } finally {
            API.TessResultIteratorDelete(iterator);
        }
        return words;
    }

    private double meanConfidence() {
        return Math.max(0, Math.min(100, API.TessBaseAPIMeanTextConf(handle)));
    }

    @Override
    public void close() {
        API.TessBaseAPIEnd(handle);
        API.TessBaseAPIDelete(handle);
    }
}
