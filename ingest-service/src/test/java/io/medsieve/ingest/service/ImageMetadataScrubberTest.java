package io.medsieve.ingest.service;

import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageMetadataScrubberTest {

    private final ImageMetadataScrubber scrubber = new ImageMetadataScrubber();

    @Test
    void pngKeepsPixelsAndResolutionButLosesTextChunks() throws IOException {
        String canary = Canary.newName();
        byte[] png = DocumentFixtures.pngWithCanaryMetadata(canary).bytes();

        byte[] scrubbed = scrubber.scrub(MediaTypes.PNG, png);

        assertThat(text(scrubbed)).doesNotContain(canary).doesNotContain("tEXt").doesNotContain("iTXt");
        assertThat(text(scrubbed)).contains("pHYs");
        assertSamePixels(png, scrubbed);
    }

    @Test
    void jpegKeepsPixelsButLosesCommentsAndExif() throws IOException {
        String canary = Canary.newName();
        byte[] jpeg = DocumentFixtures.jpegWithCanaryMetadata(canary).bytes();

        byte[] scrubbed = scrubber.scrub(MediaTypes.JPEG, jpeg);

        assertThat(text(scrubbed)).doesNotContain(canary).doesNotContain("Exif").contains("JFIF");
        assertSamePixels(jpeg, scrubbed);
    }

    @Test
    void tiffDescriptiveTagsAreBlankedInPlace() throws IOException {
        String canary = Canary.newName();
        byte[] tiff = tiffWithTags(canary);
        assertThat(text(tiff)).contains(canary);

        byte[] scrubbed = scrubber.scrub(MediaTypes.TIFF, tiff);

        assertThat(scrubbed).hasSameSizeAs(tiff);
        assertThat(text(scrubbed)).doesNotContain(canary);
        assertSamePixels(tiff, scrubbed);
    }

    @Test
    void multiPageTiffStaysReadable() throws IOException {
        byte[] tiff = DocumentFixtures.multiPageTiff(java.util.List.of("one", "two"), 150).bytes();
        byte[] scrubbed = scrubber.scrub(MediaTypes.TIFF, tiff);
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(scrubbed))) {
            var reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(2);
        }
    }

    @Test
    void truncatedImagesAreCorrupt() {
        byte[] png = DocumentFixtures.png("x", 100).bytes();
        byte[] truncated = Arrays.copyOf(png, 40);
        assertThatThrownBy(() -> scrubber.scrub(MediaTypes.PNG, truncated))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.CORRUPT_DOCUMENT));
        byte[] jpeg = DocumentFixtures.jpeg("x", 100).bytes();
        byte[] brokenJpeg = Arrays.copyOf(jpeg, 30);
        assertThatThrownBy(() -> scrubber.scrub(MediaTypes.JPEG, brokenJpeg))
                .isInstanceOf(DocumentRejectedException.class);
    }

    private static byte[] tiffWithTags(String canary) throws IOException {
        BufferedImage image = new BufferedImage(200, 80, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 80);
        g.setColor(Color.BLACK);
        g.drawString("Fax page", 20, 40);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        TIFFDirectory directory = TIFFDirectory.createFromMetadata(
                writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param));
        BaselineTIFFTagSet tags = BaselineTIFFTagSet.getInstance();
        for (int tag : new int[]{BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION, BaselineTIFFTagSet.TAG_ARTIST,
                BaselineTIFFTagSet.TAG_DOCUMENT_NAME}) {
            directory.addTIFFField(new TIFFField(tags.getTag(tag), TIFFTag.TIFF_ASCII, 1,
                    new String[]{"Patient " + canary}));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, directory.getAsMetadata()), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static void assertSamePixels(byte[] original, byte[] scrubbed) throws IOException {
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(original));
        BufferedImage after = ImageIO.read(new ByteArrayInputStream(scrubbed));
        assertThat(after.getWidth()).isEqualTo(before.getWidth());
        assertThat(after.getHeight()).isEqualTo(before.getHeight());
        for (int y = 0; y < before.getHeight(); y++) {
            for (int x = 0; x < before.getWidth(); x++) {
                if (after.getRGB(x, y) != before.getRGB(x, y)) {
                    throw new AssertionError("pixel differs at " + x + "," + y);
                }
            }
        }
    }
}
