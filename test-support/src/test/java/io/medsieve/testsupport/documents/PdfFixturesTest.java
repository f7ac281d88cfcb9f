package io.medsieve.testsupport.documents;

import static io.medsieve.testsupport.documents.Fixture.normalizeWhitespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** Checks that every PDF fixture is what its Javadoc promises, as seen by PDFBox itself. */
class PdfFixturesTest {

    private static final String LONG_PARAGRAPH = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, "
            + "sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ").repeat(6);

    @Test
    void digitalPdfHasTextLayerMatchingGroundTruth() throws IOException {
        Fixture f = DocumentFixtures.digitalPdf(List.of("# Page one\n" + LONG_PARAGRAPH, "Page two\n\nend"));

        assertThat(f.mediaType()).isEqualTo(DocumentFixtures.PDF);
        assertThat(f.pages()).isEqualTo(2);
        assertThat(f.pageTexts().get(0)).as("long paragraph was wrapped").contains("\n");
        assertThat(normalizeWhitespace(f.pageTexts().get(0))).startsWith("Page one Lorem ipsum");
        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            assertThat(pageTexts(doc)).containsExactlyElementsOf(normalised(f.pageTexts()));
            assertThat(doc.getDocumentInformation().getTitle()).isNull();
            assertThat(doc.getDocumentCatalog().getMetadata()).isNull();
        }
    }

    @Test
    void digitalPdfReplacesCharactersHelveticaCannotEncode() throws IOException {
        Fixture f = DocumentFixtures.digitalPdf(List.of("caf\u00e9 costs 5\u20ac \u2713 \u4e2d"));

        assertThat(f.pageTexts()).containsExactly("caf\u00e9 costs 5\u20ac ? ?");
        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            assertThat(pageTexts(doc)).containsExactly("caf\u00e9 costs 5\u20ac ? ?");
        }
    }

    @Test
    void digitalPdfSplitsWordsLongerThanALine() throws IOException {
        String word = "x".repeat(300);
        Fixture f = DocumentFixtures.digitalPdf(List.of(word));

        assertThat(f.pageTexts().get(0).replace("\n", "")).isEqualTo(word);
        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            assertThat(pageTexts(doc).get(0).replace(" ", "")).isEqualTo(word);
        }
    }

    @Test
    void textThatCannotFitOnAPageIsRejectedRatherThanDrawnOffPage() {
        assertThatThrownBy(() -> DocumentFixtures.digitalPdf(List.of("line\n".repeat(200))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void digitalPdfCarriesCanaryInInfoDictionaryAndXmp() throws IOException {
        String canary = Canary.newName();
        Fixture f = DocumentFixtures.digitalPdf(List.of("Body text for " + canary),
                PdfOptions.defaults().withPageSize(PageSize.LETTER).withMetadata(DocumentMetadata.withCanary(canary))
                        .withXmp());

        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            var info = doc.getDocumentInformation();
            assertThat(List.of(info.getTitle(), info.getAuthor(), info.getSubject(), info.getKeywords(),
                    info.getCreator())).allSatisfy(v -> assertThat(v).contains(canary));
            assertThat(doc.getDocumentCatalog().getMetadata()).isNotNull();
            String xmp = new String(doc.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertThat(xmp).contains("<dc:creator><rdf:Seq><rdf:li>" + canary);
            PDPage page = doc.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isEqualTo(612f);
        }
        assertThat(new String(f.bytes(), StandardCharsets.ISO_8859_1))
                .as("Info and XMP are stored uncompressed so stripping tests can grep raw bytes")
                .contains("/Author (" + canary + ")")
                .contains("<rdf:li>" + canary);
    }

    @Test
    void digitalPdfIsReproducible() {
        List<String> pages = List.of("same input, same bytes");
        assertThat(DocumentFixtures.digitalPdf(pages).bytes()).isEqualTo(DocumentFixtures.digitalPdf(pages).bytes());
    }

    @Test
    void scannedPdfHasPageImagesAtTheRequestedDpiAndNoText() throws IOException {
        Fixture f = DocumentFixtures.scannedPdf(List.of("Scanned page one", "# Scanned page two\nmore"), 150);

        assertThat(f.pages()).isEqualTo(2);
        assertThat(normalised(f.pageTexts())).containsExactly("Scanned page one", "Scanned page two more");
        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            assertThat(pageTexts(doc)).containsOnly("");
            for (PDPage page : doc.getPages()) {
                List<PDImageXObject> images = images(page);
                assertThat(images).hasSize(1);
                assertThat(images.get(0).getWidth()).isEqualTo(PageSize.A4.widthPx(150)).isEqualTo(1240);
                assertThat(images.get(0).getHeight()).isEqualTo(PageSize.A4.heightPx(150)).isEqualTo(1754);
            }
        }
    }

    @Test
    void bitonalScannedPdfEmbedsOneBitImages() throws IOException {
        Fixture f = DocumentFixtures.scannedPdf(List.of("black and white"), RasterOptions.of(100).withBitonal(true));

        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            PDImageXObject image = images(doc.getPage(0)).get(0);
            assertThat(image.getBitsPerComponent()).isEqualTo(1);
            assertThat(image.getWidth()).isEqualTo(PageSize.A4.widthPx(100));
        }
    }

    @Test
    void mixedPdfHasTextOnlyOnDigitalPages() throws IOException {
        Fixture f = DocumentFixtures.mixedPdf(List.of(PdfPage.digital("typed page"), PdfPage.scanned("scanned page"),
                PdfPage.digital("typed again")), 100);

        assertThat(normalised(f.pageTexts())).containsExactly("typed page", "scanned page", "typed again");
        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            assertThat(pageTexts(doc)).containsExactly("typed page", "", "typed again");
            assertThat(images(doc.getPage(0))).isEmpty();
            assertThat(images(doc.getPage(1))).hasSize(1);
        }
    }

    @Test
    void passwordProtectedPdfNeedsTheUserPassword() throws IOException {
        Fixture f = DocumentFixtures.passwordProtectedPdf();

        assertThatThrownBy(() -> Loader.loadPDF(f.bytes()).close()).isInstanceOf(InvalidPasswordException.class);
        try (PDDocument doc = Loader.loadPDF(f.bytes(), DocumentFixtures.USER_PASSWORD)) {
            assertThat(doc.isEncrypted()).isTrue();
            assertThat(doc.getEncryption().getLength()).isEqualTo(256);
            assertThat(pageTexts(doc)).containsExactlyElementsOf(normalised(f.pageTexts()));
        }
    }

    @Test
    void ownerPasswordOnlyPdfOpensButIsRestricted() throws IOException {
        Fixture f = DocumentFixtures.ownerPasswordOnlyPdf();

        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            assertThat(doc.isEncrypted()).isTrue();
            assertThat(doc.getEncryption().getLength()).isEqualTo(256);
            assertThat(doc.getCurrentAccessPermission().canExtractContent()).isFalse();
            assertThat(doc.getCurrentAccessPermission().canPrint()).isFalse();
            assertThat(doc.getCurrentAccessPermission().canModify()).isFalse();
        }
        try (PDDocument doc = Loader.loadPDF(f.bytes(), DocumentFixtures.OWNER_PASSWORD)) {
            assertThat(doc.getCurrentAccessPermission().isOwnerPermission()).isTrue();
        }
    }

    @Test
    void corruptPdfLooksLikeAPdfButCannotBeLoaded() {
        Fixture f = DocumentFixtures.corruptPdf();

        assertThat(new String(f.bytes(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(f.pages()).isZero();
        assertThatThrownBy(() -> Loader.loadPDF(f.bytes()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void truncatedPdfIsAPrefixOfAValidPdfAndLosesContent() {
        List<String> pages = List.of(DocumentFixtures.DEFAULT_TEXT, DocumentFixtures.DEFAULT_TEXT);
        Fixture full = DocumentFixtures.digitalPdf(pages);
        Fixture f = DocumentFixtures.truncatedPdf();

        assertThat(f.size()).isLessThan(full.size());
        assertThat(full.bytes()).startsWith(f.bytes());
        String raw = new String(f.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(raw).startsWith("%PDF-").doesNotContain("%%EOF").doesNotContain("startxref");
        // PDFBox's lenient parser may "recover" a truncated file; whatever it recovers must not be the
        // whole document, which is why ingest has to detect truncation itself.
        String recovered;
        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            recovered = new PDFTextStripper().getText(doc);
        } catch (IOException e) {
            recovered = "";
        }
        assertThat(normalizeWhitespace(recovered)).isNotEqualTo(normalizeWhitespace(full.text()));
    }

    @Test
    void hugePageDeclaresTheMaximumMediaBox() throws IOException {
        Fixture f = DocumentFixtures.pdfWithHugePage();

        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(14_400f);
            assertThat(doc.getPage(0).getMediaBox().getHeight()).isEqualTo(14_400f);
            assertThat(pageTexts(doc)).containsExactlyElementsOf(normalised(f.pageTexts()));
        }
    }

    @Test
    void hugeImageClaimsGigapixelsInATinyFile() throws IOException {
        Fixture f = DocumentFixtures.pdfWithHugeImage();

        assertThat(f.size()).isLessThan(16 * 1024);
        try (PDDocument doc = Loader.loadPDF(f.bytes())) {
            List<PDImageXObject> images = images(doc.getPage(0));
            assertThat(images).hasSize(1);
            PDImageXObject image = images.get(0);
            // Only the dictionary is read; decoding would try to allocate 3.6 GB.
            assertThat(image.getWidth()).isEqualTo(60_000);
            assertThat(image.getHeight()).isEqualTo(60_000);
            assertThat(image.getCOSObject().getCOSName(COSName.FILTER)).isEqualTo(COSName.FLATE_DECODE);
            assertThat(image.getCOSObject().getLength()).isLessThan(1024);
        }
    }

    @Test
    void rejectsEmptyDocuments() {
        assertThatThrownBy(() -> DocumentFixtures.digitalPdf(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocumentFixtures.scannedPdf(List.of(), 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<String> pageTexts(PDDocument doc) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= doc.getNumberOfPages(); i++) {
            stripper.setStartPage(i);
            stripper.setEndPage(i);
            out.add(normalizeWhitespace(stripper.getText(doc)));
        }
        return out;
    }

    static List<String> normalised(List<String> texts) {
        return texts.stream().map(Fixture::normalizeWhitespace).toList();
    }

    static List<PDImageXObject> images(PDPage page) throws IOException {
        List<PDImageXObject> out = new ArrayList<>();
        for (COSName name : page.getResources().getXObjectNames()) {
            PDXObject x = page.getResources().getXObject(name);
            if (x instanceof PDImageXObject image) {
                out.add(image);
            }
        }
        return out;
    }
}
