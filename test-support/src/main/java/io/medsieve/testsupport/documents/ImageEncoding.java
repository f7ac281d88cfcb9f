package io.medsieve.testsupport.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * ImageIO encoders that also write the resolution and text metadata a real scanner or phone would.
 *
 * <p>DPI metadata matters because OCR engines size their expectations by it and because a pipeline that
 * re-encodes images must decide whether to keep it; text metadata matters because it is where PHI
 * hides in otherwise "image-only" uploads. Only JDK ImageIO plugins are used, so nothing extra is needed
 * on the classpath.
 */
final class ImageEncoding {

    static final String PNG_FORMAT = "javax_imageio_png_1.0";
    static final String JPEG_FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final double INCH_IN_METRES = 0.0254;

    private ImageEncoding() {
    }

    /**
     * PNG with a pHYs chunk for {@code dpi}; {@code text} entries become tEXt chunks and {@code itext}
     * entries iTXt chunks (UTF-8, uncompressed, so they are greppable in the raw bytes).
     */
    static byte[] png(BufferedImage img, int dpi, Map<String, String> text, Map<String, String> itext) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String ppm = Long.toString(Math.round(dpi / INCH_IN_METRES));
            phys.setAttribute("pixelsPerUnitXAxis", ppm);
            phys.setAttribute("pixelsPerUnitYAxis", ppm);
            phys.setAttribute("unitSpecifier", "meter");
            root.appendChild(phys);
            if (!text.isEmpty()) {
                IIOMetadataNode t = new IIOMetadataNode("tEXt");
                text.forEach((k, v) -> {
                    IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
                    e.setAttribute("keyword", k);
                    e.setAttribute("value", v);
                    t.appendChild(e);
                });
                root.appendChild(t);
            }
            if (!itext.isEmpty()) {
                IIOMetadataNode t = new IIOMetadataNode("iTXt");
                itext.forEach((k, v) -> {
                    IIOMetadataNode e = new IIOMetadataNode("iTXtEntry");
                    e.setAttribute("keyword", k);
                    e.setAttribute("compressionFlag", "FALSE");
                    e.setAttribute("compressionMethod", "0");
                    e.setAttribute("languageTag", "");
                    e.setAttribute("translatedKeyword", "");
                    e.setAttribute("text", v);
                    t.appendChild(e);
                });
                root.appendChild(t);
            }
            md.mergeTree(PNG_FORMAT, root);
            return write(writer, new IIOImage(img, null, md), param);
        } catch (IIOInvalidTreeException e) {
            throw new IllegalStateException("PNG metadata rejected", e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * JPEG (JFIF) with the density fields set to {@code dpi}, an optional COM segment and optional raw
     * APP1 payloads (EXIF, XMP) inserted before the quantisation tables, where cameras put them.
     */
    static byte[] jpeg(BufferedImage img, int dpi, float quality, String comment, List<byte[]> app1Payloads) {
        BufferedImage src = img.getType() == BufferedImage.TYPE_BYTE_BINARY ? Raster.toGrey(img) : img;
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(src), param);
            Element tree = (Element) md.getAsTree(JPEG_FORMAT);
            Element jfif = (Element) tree.getElementsByTagName("app0JFIF").item(0);
            jfif.setAttribute("resUnits", "1");
            jfif.setAttribute("Xdensity", Integer.toString(dpi));
            jfif.setAttribute("Ydensity", Integer.toString(dpi));
            Node markers = tree.getElementsByTagName("markerSequence").item(0);
            Node first = markers.getFirstChild();
            for (byte[] payload : app1Payloads) {
                IIOMetadataNode app1 = new IIOMetadataNode("unknown");
                app1.setAttribute("MarkerTag", "225");
                app1.setUserObject(payload);
                markers.insertBefore(app1, first);
            }
            if (comment != null) {
                IIOMetadataNode com = new IIOMetadataNode("com");
                com.setAttribute("comment", comment);
                markers.insertBefore(com, first);
            }
            md.setFromTree(JPEG_FORMAT, tree);
            return write(writer, new IIOImage(src, null, md), param);
        } catch (IIOInvalidTreeException e) {
            throw new IllegalStateException("JPEG metadata rejected", e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * Multi-page TIFF with X/YResolution in inches. 1-bit pages use CCITT T.6 (Group 4), the compression
     * fax servers and document scanners actually produce; anything else uses Deflate.
     */
    static byte[] tiff(List<BufferedImage> pages, int dpi) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
            for (BufferedImage page : pages) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                boolean bitonal = page.getType() == BufferedImage.TYPE_BYTE_BINARY;
                param.setCompressionType(bitonal ? "CCITT T.6" : "Deflate");
                IIOMetadata defaults = writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromRenderedImage(page), param);
                TIFFDirectory dir = TIFFDirectory.createFromMetadata(defaults);
                long[][] res = {{dpi, 1}};
                dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION),
                        TIFFTag.TIFF_RATIONAL, 1, res));
                dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION),
                        TIFFTag.TIFF_RATIONAL, 1, res));
                dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
                        BaselineTIFFTagSet.RESOLUTION_UNIT_INCH));
                writer.writeToSequence(new IIOImage(page, null, dir.getAsMetadata()), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * APP1 "Exif" payload with a single IFD0 holding ImageDescription and Artist, the two EXIF fields
     * scanner and phone apps most often fill with a person's name.
     */
    static byte[] exifApp1(String description, String artist) {
        byte[] desc = (description + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] art = (artist + "\0").getBytes(StandardCharsets.US_ASCII);
        int entries = 2;
        int ifdStart = 8;
        int dataStart = ifdStart + 2 + entries * 12 + 4;
        int outOfLine = (desc.length > 4 ? desc.length : 0) + (art.length > 4 ? art.length : 0);
        ByteBuffer tiff = ByteBuffer.allocate(dataStart + outOfLine).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdStart);
        tiff.putShort((short) entries);
        int offset = dataStart;
        offset = asciiEntry(tiff, 0x010E, desc, offset);
        asciiEntry(tiff, 0x013B, art, offset);
        tiff.putInt(0);
        if (desc.length > 4) {
            tiff.put(desc);
        }
        if (art.length > 4) {
            tiff.put(art);
        }
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(tiff.array());
        return out.toByteArray();
    }

    private static int asciiEntry(ByteBuffer b, int tag, byte[] value, int offset) {
        b.putShort((short) tag).putShort((short) 2).putInt(value.length);
        if (value.length <= 4) {
            byte[] inline = new byte[4];
            System.arraycopy(value, 0, inline, 0, value.length);
            b.put(inline);
            return offset;
        }
        b.putInt(offset);
        return offset + value.length;
    }

    /** APP1 payload carrying an XMP packet, identified by Adobe's namespace header. */
    static byte[] xmpApp1(String packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(packet.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(ios);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
