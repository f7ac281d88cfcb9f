package io.medsieve.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsieve.events.ContentRef;
import io.medsieve.storage.crypto.Bytes;
import io.medsieve.storage.crypto.EnvelopeCipher;
import io.medsieve.storage.crypto.LocalKeyring;
import io.medsieve.storage.crypto.TamperedEnvelopeException;
import io.medsieve.storage.crypto.TestKeyrings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentBlobsTest {

    private static final String CANARY = "CANARY-John-Roe-SSN-078-05-1120";
    private static final byte[] CONTENT = ("%PDF-1.7 discharge summary " + CANARY).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private LocalKeyring keyring;
    private DocumentBlobs blobs;

    @BeforeEach
    void setUp() {
        keyring = TestKeyrings.open(dir.resolve("keyring.json"), "passphrase for tests");
        blobs = new DocumentBlobs(new FileSystemBlobStore(dir.resolve("blobs")), new EnvelopeCipher(keyring));
    }

    @AfterEach
    void tearDown() {
        keyring.close();
    }

    @Test
    void storeAndLoadRoundTrip() throws Exception {
        ContentRef ref = blobs.store("tenant-a", "doc-1", "original", "application/pdf", CONTENT);

        assertThat(ref.blobUri()).isEqualTo("blob:tenant-a/doc-1/original");
        assertThat(ref.inlineText()).isNull();
        assertThat(ref.mediaType()).isEqualTo("application/pdf");
        assertThat(ref.sizeBytes()).isEqualTo(CONTENT.length);
        assertThat(ref.sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)));
        assertThat(blobs.load("tenant-a", "doc-1", "original", ref)).isEqualTo(CONTENT);

        byte[] onDisk = Files.readAllBytes(dir.resolve("blobs/tenant-a/doc-1/original"));
        assertThat(Bytes.contains(onDisk, CANARY.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void shaMismatchIsDetected() {
        ContentRef ref = blobs.store("tenant-a", "doc-1", "original", "application/pdf", CONTENT);
        ContentRef forged = ContentRef.stored(ref.mediaType(), ref.sizeBytes(), "00".repeat(32), ref.blobUri());
        ContentRef garbage = ContentRef.stored(ref.mediaType(), ref.sizeBytes(), "not-hex", ref.blobUri());
        ContentRef wrongSize = ContentRef.stored(ref.mediaType(), ref.sizeBytes() + 1, ref.sha256(), ref.blobUri());

        for (ContentRef bad : new ContentRef[] {forged, garbage, wrongSize}) {
            assertThatThrownBy(() -> blobs.load("tenant-a", "doc-1", "original", bad))
                    .isInstanceOf(TamperedEnvelopeException.class)
                    .hasMessageNotContaining(CANARY);
        }
    }

    @Test
    void replacedContentIsDetected() {
        ContentRef ref = blobs.store("tenant-a", "doc-1", "original", "application/pdf", CONTENT);
        blobs.store("tenant-a", "doc-1", "original", "application/pdf", "other".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> blobs.load("tenant-a", "doc-1", "original", ref))
                .isInstanceOf(TamperedEnvelopeException.class);
    }

    @Test
    void blobMovedToAnotherDocumentFailsToDecrypt() throws Exception {
        ContentRef ref = blobs.store("tenant-a", "doc-1", "original", "application/pdf", CONTENT);
        blobs.store("tenant-a", "doc-2", "original", "application/pdf", new byte[] {1});
        Files.copy(dir.resolve("blobs/tenant-a/doc-1/original"), dir.resolve("blobs/tenant-a/doc-2/original"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ContentRef moved = ContentRef.stored(ref.mediaType(), ref.sizeBytes(), ref.sha256(),
                "blob:tenant-a/doc-2/original");

        assertThatThrownBy(() -> blobs.load("tenant-a", "doc-2", "original", moved))
                .isInstanceOf(TamperedEnvelopeException.class);
    }

    @Test
    void refForAnotherTenantDocumentOrPurposeIsRejected() {
        ContentRef ref = blobs.store("tenant-a", "doc-1", "original", "application/pdf", CONTENT);

        assertThatThrownBy(() -> blobs.load("tenant-b", "doc-1", "original", ref))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.load("tenant-a", "doc-2", "original", ref))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.load("tenant-a", "doc-1", "ocr-text", ref))
                .isInstanceOf(IllegalArgumentException.class);
        ContentRef foreign = ContentRef.stored("application/pdf", 1, ref.sha256(), "s3://bucket/tenant-a/doc-1");
        assertThatThrownBy(() -> blobs.load("tenant-a", "doc-1", "original", foreign))
                .isInstanceOf(IllegalArgumentException.class);
        ContentRef inline = ContentRef.inline("text/plain", "hello", ref.sha256());
        assertThatThrownBy(() -> blobs.load("tenant-a", "doc-1", "original", inline))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsThatWouldChangeTheKeyLayoutAreRejected() {
        assertThatThrownBy(() -> blobs.store("tenant-a/doc-1", "x", "original", "text/plain", CONTENT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.store("..", "doc-1", "original", "text/plain", CONTENT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("blobs")).isEmptyDirectory();
    }
}
