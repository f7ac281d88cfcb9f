package io.medsieve.testsupport.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.Test;

/** The wrong-type inputs: each claims to be a PDF by name, is something else by content, and PDFBox refuses it. */
class DisguiseFixturesTest {

    @Test
    void zipNamedAsPdfIsARealZip() throws IOException {
        Fixture f = DocumentFixtures.zipNamedAsPdf();

        assertThat(f.fileName()).endsWith(".pdf");
        assertThat(f.mediaType()).isEqualTo(DocumentFixtures.ZIP);
        assertThat(f.bytes()).startsWith('P', 'K', 3, 4);
        assertThat(entries(f)).containsExactly("readme.txt", "notes/visit.txt");
        assertNotLoadableAsPdf(f);
    }

    @Test
    void docxNamedAsPdfHasTheOoxmlParts() throws IOException {
        Fixture f = DocumentFixtures.docxNamedAsPdf();

        assertThat(f.fileName()).endsWith(".pdf");
        assertThat(f.mediaType()).isEqualTo(DocumentFixtures.DOCX);
        assertThat(entries(f)).containsExactly("[Content_Types].xml", "_rels/.rels", "word/document.xml");
        assertNotLoadableAsPdf(f);
    }

    @Test
    void htmlAndTextAreNamedAsPdf() {
        Fixture html = DocumentFixtures.htmlDocument();
        Fixture text = DocumentFixtures.plainText();

        assertThat(new String(html.bytes(), StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>");
        assertThat(html.mediaType()).isEqualTo(DocumentFixtures.HTML);
        assertThat(text.mediaType()).isEqualTo(DocumentFixtures.TEXT);
        assertThat(new String(text.bytes(), StandardCharsets.UTF_8).strip()).isEqualTo(text.text());
        for (Fixture f : List.of(html, text)) {
            assertThat(f.fileName()).endsWith(".pdf");
            assertNotLoadableAsPdf(f);
        }
    }

    private static void assertNotLoadableAsPdf(Fixture f) {
        assertThat(new String(f.bytes(), 0, 5, StandardCharsets.ISO_8859_1)).isNotEqualTo("%PDF-");
        assertThatThrownBy(() -> Loader.loadPDF(f.bytes()).close()).as(f.toString()).isInstanceOf(IOException.class);
    }

    private static List<String> entries(Fixture f) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(f.inputStream())) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
