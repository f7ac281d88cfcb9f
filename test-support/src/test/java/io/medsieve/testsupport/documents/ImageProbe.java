package io.medsieve.testsupport.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Function;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Opens fixture bytes with an ImageIO reader without decoding pixels, so tests can inspect headers and
 * metadata of bombs as safely as of ordinary images.
 */
final class ImageProbe {

    private ImageProbe() {
    }

    static <T> T withReader(byte[] bytes, Function<ImageReader, T> body) {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader recognises these bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, false, false);
                return body.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets probe lambdas call ImageReader methods that throw IOException. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
