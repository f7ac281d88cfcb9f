package io.medsieve.ingest.rest;

import io.medsieve.events.BlobPurposes;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentIngested;
import io.medsieve.events.KafkaHeaders;
import io.medsieve.events.Topics;
import io.medsieve.storage.blob.BlobStore;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.testsupport.KafkaTestConsumer;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.DocumentMetadata;
import io.medsieve.testsupport.documents.PdfOptions;
import io.medsieve.testsupport.documents.Fixture;
import io.medsieve.storage.crypto.EventEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What lands in the blob store: ciphertext only, and once decrypted, the document without its metadata. */
@QuarkusTest
class StoredDocumentTest {

    @RegisterExtension
    static final KafkaTestConsumer ingested = KafkaTestConsumer.onTopics(Topics.DOCUMENT_INGESTED);

    @Inject
    BlobStore blobStore;

    @Inject
    EventEnvelope envelope;

    @Inject
    DocumentBlobs blobs;



    @Test
    void storedBlobIsNotPlaintextAndPdfMetadataIsGone() throws IOException {
        String canary = Canary.newName();
        String tenant = Uploads.newTenant("blob");
        Fixture pdf = DocumentFixtures.digitalPdf(List.of("Patient " + canary + " seen today."),
                PdfOptions.defaults().withMetadata(DocumentMetadata.withCanary(canary)).withXmp());
        assertThat(new String(pdf.bytes(), StandardCharsets.ISO_8859_1)).contains(canary);

        Uploads.upload(tenant, pdf.bytes(), canary + ".pdf", "application/pdf").statusCode(202);
        DocumentIngested event = awaitEvent(tenant);

        byte[] raw = blobStore.get(blobStore.keyOf(event.source().blobUri()));
        String rawText = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(rawText).doesNotContain(canary).doesNotContain("%PDF").doesNotContain("seen today");

        byte[] stored = load(event);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).startsWith("%PDF").doesNotContain(canary);
        try (PDDocument document = Loader.loadPDF(stored)) {
            assertThat(document.getDocumentCatalog().getMetadata()).isNull();
            var info = document.getDocumentInformation();
            assertThat(info.getTitle()).isNull();
            assertThat(info.getAuthor()).isNull();
            assertThat(info.getSubject()).isNull();
            assertThat(info.getKeywords()).isNull();
            // The content itself is intact: the canary in the text is PHI the later stages must see and redact.
            assertThat(new PDFTextStripper().getText(document)).contains("Patient " + canary);
        }
    }

    @Test
    void pngTextChunksAreRemovedAndPixelsKept() throws IOException {
        String canary = Canary.newName();
        String tenant = Uploads.newTenant("png-meta");
        Fixture png = DocumentFixtures.pngWithCanaryMetadata(canary);
        assertThat(new String(png.bytes(), StandardCharsets.ISO_8859_1)).contains(canary);

        Uploads.upload(tenant, png.bytes(), "scan.png", "image/png").statusCode(202);
        byte[] stored = load(awaitEvent(tenant));

        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(canary);
        assertSamePixels(png.bytes(), stored);
    }

    @Test
    void jpegCommentsAndExifAreRemovedAndPixelsKept() throws IOException {
        String canary = Canary.newName();
        String tenant = Uploads.newTenant("jpeg-meta");
        Fixture jpeg = DocumentFixtures.jpegWithCanaryMetadata(canary);
        assertThat(new String(jpeg.bytes(), StandardCharsets.ISO_8859_1)).contains(canary);

        Uploads.upload(tenant, jpeg.bytes(), "card.jpg", "image/jpeg").statusCode(202);
        byte[] stored = load(awaitEvent(tenant));

        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(canary);
        assertSamePixels(jpeg.bytes(), stored);
    }

    private byte[] load(DocumentIngested event) {
        ContentRef source = event.source();
        return blobs.load(event.header().tenantId(), event.header().documentId(), BlobPurposes.ORIGINAL, source);
    }

    private DocumentIngested awaitEvent(String tenant) {
        return envelope.open(ingested.awaitRecord(
                r -> tenant.equals(KafkaTestConsumer.header(r, KafkaHeaders.TENANT)), Duration.ofSeconds(20)),
                DocumentIngested.class);
    }

    private static void assertSamePixels(byte[] original, byte[] stored) throws IOException {
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(original));
        BufferedImage after = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(after.getWidth()).isEqualTo(before.getWidth());
        assertThat(after.getHeight()).isEqualTo(before.getHeight());
        for (int y = 0; y < before.getHeight(); y += 7) {
            for (int x = 0; x < before.getWidth(); x += 7) {
                assertThat(after.getRGB(x, y)).isEqualTo(before.getRGB(x, y));
            }
        }
    }
}
