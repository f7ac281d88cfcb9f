package io.medsieve.testsupport.documents;

import static io.medsieve.testsupport.documents.ImageProbe.io;
import static io.medsieve.testsupport.documents.ImageProbe.withReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.InflaterInputStream;

import javax.imageio.ImageIO;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

/** Checks the raster fixtures with ImageIO: sizes, DPI metadata, compression, text chunks and bombs. */
class ImageFixturesTest {

    @Test
    void pngIsAnA4PageWithPhysDpi() throws IOException {
        Fixture f = DocumentFixtures.png("Hello PNG", 200);

        assertThat(f.mediaType()).isEqualTo(DocumentFixtures.PNG);
        assertThat(f.pageTexts()).containsExactly("Hello PNG");
        BufferedImage img = decode(f);
        assertThat(img.getWidth()).isEqualTo(PageSize.A4.widthPx(200));
        assertThat(img.getHeight()).isEqualTo(PageSize.A4.heightPx(200));
        assertThat(countDark(img)).as("text was drawn").isGreaterThan(100);
        assertThat(pngDpi(f.bytes())).isEqualTo(200);
    }

    @Test
    void jpegCarriesJfifDensity() throws IOException {
        Fixture f = DocumentFixtures.jpeg("Hello JPEG", 150);

        assertThat(f.mediaType()).isEqualTo(DocumentFixtures.JPEG);
        BufferedImage img = decode(f);
        assertThat(img.getWidth()).isEqualTo(PageSize.A4.widthPx(150));
        IIOMetadataNode jfif = jpegNode(f.bytes(), "app0JFIF");
        assertThat(jfif.getAttribute("resUnits")).isEqualTo("1");
        assertThat(jfif.getAttribute("Xdensity")).isEqualTo("150");
        assertThat(jfif.getAttribute("Ydensity")).isEqualTo("150");
    }

    @Test
    void multiPageTiffHasOneBitonalG4PagePerTextWithResolutionTags() {
        Fixture f = DocumentFixtures.multiPageTiff(List.of("page one", "page two", "page three"), 200);

        assertThat(f.mediaType()).isEqualTo(DocumentFixtures.TIFF);
        assertThat(f.pages()).isEqualTo(3);
        withReader(f.bytes(), reader -> io(() -> {
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(reader.getWidth(i)).isEqualTo(PageSize.A4.widthPx(200));
                TIFFDirectory dir = TIFFDirectory.createFromMetadata(reader.getImageMetadata(i));
                assertThat(dir.getTIFFField(BaselineTIFFTagSet.TAG_COMPRESSION).getAsInt(0))
                        .isEqualTo(BaselineTIFFTagSet.COMPRESSION_CCITT_T_6);
                assertThat(dir.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION).getAsRational(0))
                        .containsExactly(200, 1);
                assertThat(dir.getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION).getAsRational(0))
                        .containsExactly(200, 1);
                assertThat(dir.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT).getAsInt(0))
                        .isEqualTo(BaselineTIFFTagSet.RESOLUTION_UNIT_INCH);
                BufferedImage page = reader.read(i);
                assertThat(page.getColorModel().getPixelSize()).isEqualTo(1);
                assertThat(countDark(page)).isGreaterThan(50);
            }
            return null;
        }));
    }

    @Test
    void greyscaleTiffUsesDeflate() {
        Fixture f = DocumentFixtures.multiPageTiff(List.of("grey"), RasterOptions.of(100));

        withReader(f.bytes(), reader -> io(() -> {
            TIFFDirectory dir = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0));
            assertThat(dir.getTIFFField(BaselineTIFFTagSet.TAG_COMPRESSION).getAsInt(0))
                    .isIn(BaselineTIFFTagSet.COMPRESSION_DEFLATE, BaselineTIFFTagSet.COMPRESSION_ZLIB);
            assertThat(dir.getTIFFField(BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE).getAsInt(0)).isEqualTo(8);
            return null;
        }));
    }

    @Test
    void rotatedPngSwapsDimensionsForQuarterTurns() throws IOException {
        BufferedImage upright = decode(DocumentFixtures.png("turn me", 200));
        BufferedImage quarter = decode(DocumentFixtures.rotatedPng("turn me", 90));
        BufferedImage half = decode(DocumentFixtures.rotatedPng("turn me", 180));

        assertThat(quarter.getWidth()).isEqualTo(upright.getHeight());
        assertThat(quarter.getHeight()).isEqualTo(upright.getWidth());
        assertThat(half.getWidth()).isEqualTo(upright.getWidth());
        assertThat(countDark(quarter)).isCloseTo(countDark(upright), withinPercentage(2));
        assertThat(DocumentFixtures.rotatedPng("turn me", 90).pageTexts()).containsExactly("turn me");
    }

    @Test
    void skewedPngKeepsTheCanvasButMovesTheInk() throws IOException {
        BufferedImage straight = decode(DocumentFixtures.png(DocumentFixtures.DEFAULT_TEXT, 200));
        BufferedImage skewed = decode(DocumentFixtures.skewedPng(DocumentFixtures.DEFAULT_TEXT, 3));

        assertThat(skewed.getWidth()).isEqualTo(straight.getWidth());
        assertThat(skewed.getHeight()).isEqualTo(straight.getHeight());
        // Clockwise skew pushes the right end of the first line down relative to its left end.
        int straightDrop = firstInkRow(straight, 0.45, 0.55) - firstInkRow(straight, 0.12, 0.22);
        int skewedDrop = firstInkRow(skewed, 0.45, 0.55) - firstInkRow(skewed, 0.12, 0.22);
        assertThat(Math.abs(straightDrop)).isLessThan(6);
        assertThat(skewedDrop).isGreaterThan(15);
    }

    @Test
    void lowDpiFaxIsBitonalLetterAt100Dpi() throws IOException {
        Fixture f = DocumentFixtures.lowDpiFaxPng("FAX: results attached");

        BufferedImage img = decode(f);
        assertThat(img.getWidth()).isEqualTo(850);
        assertThat(img.getHeight()).isEqualTo(1100);
        assertThat(img.getColorModel().getPixelSize()).isEqualTo(1);
        assertThat(pngDpi(f.bytes())).isEqualTo(100);
        assertThat(f.bytes()).isEqualTo(DocumentFixtures.lowDpiFaxPng("FAX: results attached").bytes());
    }

    @Test
    void pngCanaryMetadataIsInTextChunksNotPixels() throws IOException {
        String canary = Canary.newName();
        Fixture f = DocumentFixtures.pngWithCanaryMetadata(canary);

        IIOMetadataNode root = (IIOMetadataNode) withReader(f.bytes(),
                r -> io(() -> r.getImageMetadata(0).getAsTree(ImageEncoding.PNG_FORMAT)));
        List<String> tEXt = attributes(root, "tEXtEntry", "keyword", "value");
        List<String> iTXt = attributes(root, "iTXtEntry", "keyword", "text");
        assertThat(tEXt).contains("Author=" + canary);
        assertThat(iTXt).anySatisfy(v -> assertThat(v).startsWith("Description=").contains(canary));
        assertThat(iTXt).anySatisfy(v -> assertThat(v).startsWith("XML:com.adobe.xmp=").contains(canary));
        assertThat(raw(f)).contains(canary);
        assertThat(f.text()).doesNotContain(canary);
        assertThat(decode(f).getWidth()).isEqualTo(PageSize.A4.widthPx(150));
    }

    @Test
    void jpegCanaryMetadataIsInComExifAndXmp() throws IOException {
        String canary = Canary.newName();
        Fixture f = DocumentFixtures.jpegWithCanaryMetadata(canary);

        assertThat(jpegNode(f.bytes(), "com").getAttribute("comment")).contains(canary);
        IIOMetadataNode tree = jpegTree(f.bytes());
        NodeList unknown = tree.getElementsByTagName("unknown");
        List<String> app1 = new ArrayList<>();
        for (int i = 0; i < unknown.getLength(); i++) {
            IIOMetadataNode n = (IIOMetadataNode) unknown.item(i);
            if ("225".equals(n.getAttribute("MarkerTag"))) {
                app1.add(new String((byte[]) n.getUserObject(), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(app1).anySatisfy(s -> assertThat(s).startsWith("Exif\0\0II").contains(canary));
        assertThat(app1).anySatisfy(s -> assertThat(s).startsWith("http://ns.adobe.com/xap/1.0/\0").contains(canary));
        assertThat(decode(f).getWidth()).isEqualTo(PageSize.A4.widthPx(150));
    }

    @Test
    void insuranceCardIsACardSizedColourJpeg() throws IOException {
        FakePatient p = FakePatient.demo();
        Fixture f = DocumentFixtures.insuranceCardJpeg(p);

        BufferedImage img = decode(f);
        assertThat(img.getWidth()).isEqualTo(PageSize.ID1_CARD.widthPx(300));
        assertThat(img.getHeight()).isEqualTo(PageSize.ID1_CARD.heightPx(300));
        assertThat(img.getColorModel().getNumColorComponents()).isEqualTo(3);
        assertThat(jpegNode(f.bytes(), "app0JFIF").getAttribute("Xdensity")).isEqualTo("300");
        assertThat(f.text()).contains(p.name(), p.memberId(), p.dobText(), "SPECIMEN");
    }

    @Test
    void pngBombDeclaresHugeDimensionsInASmallFile() throws IOException {
        Fixture f = DocumentFixtures.pngBomb();

        assertThat(f.size()).isLessThan(1024 * 1024);
        withReader(f.bytes(), r -> io(() -> {
            assertThat(r.getWidth(0)).isEqualTo(50_000);
            assertThat(r.getHeight(0)).isEqualTo(50_000);
            return null;
        }));
        // The IDAT stream really inflates to the declared size: it is a bomb, not just a lying header.
        long inflated = 0;
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(idat(f.bytes())))) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                inflated += n;
            }
        }
        assertThat(inflated).isEqualTo(50_000L * (1 + 6_250));
    }

    @Test
    void smallPngBombsDecodeToTheDeclaredSize() throws IOException {
        for (int[] dims : new int[][] {{1, 1}, {9, 3}, {301, 257}}) {
            BufferedImage img = decode(DocumentFixtures.pngBomb(dims[0], dims[1]));
            assertThat(img.getWidth()).isEqualTo(dims[0]);
            assertThat(img.getHeight()).isEqualTo(dims[1]);
        }
    }

    @Test
    void tiffBombDeclaresHugeDimensionsInAFewKilobytes() throws IOException {
        Fixture f = DocumentFixtures.tiffBomb();

        assertThat(f.size()).isLessThan(16 * 1024);
        withReader(f.bytes(), r -> io(() -> {
            assertThat(r.getWidth(0)).isEqualTo(50_000);
            assertThat(r.getHeight(0)).isEqualTo(50_000);
            return null;
        }));
        BufferedImage small = decode(DocumentFixtures.tiffBomb(120, 90));
        assertThat(small.getWidth()).isEqualTo(120);
        assertThat(small.getHeight()).isEqualTo(90);
        assertThat(countDark(small)).as("G4 stream decodes to an all-white page").isZero();
    }

    static BufferedImage decode(Fixture f) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.bytes()));
        assertThat(img).as("ImageIO decodes " + f).isNotNull();
        return img;
    }

    static long countDark(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int luma = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3;
                if (luma < 128) {
                    dark++;
                }
            }
        }
        return dark;
    }

    /** Topmost row with ink between two x positions (fractions of the width): a cheap skew detector. */
    static int firstInkRow(BufferedImage img, double fromX, double toX) {
        int x0 = (int) (img.getWidth() * fromX);
        int x1 = (int) (img.getWidth() * toX);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                if ((img.getRGB(x, y) & 0xFF) < 128) {
                    return y;
                }
            }
        }
        return -1;
    }

    static Integer pngDpi(byte[] png) {
        IIOMetadataNode root = (IIOMetadataNode) withReader(png,
                r -> io(() -> r.getImageMetadata(0).getAsTree(ImageEncoding.PNG_FORMAT)));
        NodeList phys = root.getElementsByTagName("pHYs");
        if (phys.getLength() == 0) {
            return null;
        }
        IIOMetadataNode node = (IIOMetadataNode) phys.item(0);
        assertThat(node.getAttribute("unitSpecifier")).isEqualTo("meter");
        assertThat(node.getAttribute("pixelsPerUnitYAxis")).isEqualTo(node.getAttribute("pixelsPerUnitXAxis"));
        return (int) Math.round(Long.parseLong(node.getAttribute("pixelsPerUnitXAxis")) * 0.0254);
    }

    static IIOMetadataNode jpegTree(byte[] jpeg) {
        return (IIOMetadataNode) withReader(jpeg, r -> io(() -> {
            IIOMetadata md = r.getImageMetadata(0);
            return md.getAsTree(ImageEncoding.JPEG_FORMAT);
        }));
    }

    static IIOMetadataNode jpegNode(byte[] jpeg, String name) {
        NodeList nodes = jpegTree(jpeg).getElementsByTagName(name);
        assertThat(nodes.getLength()).as("JPEG metadata node " + name).isGreaterThan(0);
        return (IIOMetadataNode) nodes.item(0);
    }

    static List<String> attributes(IIOMetadataNode root, String element, String key, String value) {
        List<String> out = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName(element);
        for (int i = 0; i < nodes.getLength(); i++) {
            IIOMetadataNode n = (IIOMetadataNode) nodes.item(i);
            out.add(n.getAttribute(key) + "=" + n.getAttribute(value));
        }
        return out;
    }

    static String raw(Fixture f) {
        return new String(f.bytes(), StandardCharsets.ISO_8859_1);
    }

    /** Concatenated IDAT payloads, read chunk by chunk without ImageIO (which would try to decode). */
    static byte[] idat(byte[] png) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(png));
        in.skipNBytes(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int len = in.readInt();
            String type = new String(in.readNBytes(4), StandardCharsets.US_ASCII);
            byte[] data = in.readNBytes(len);
            in.readInt();
            if (type.equals("IDAT")) {
                out.write(data);
            } else if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
    }
}
