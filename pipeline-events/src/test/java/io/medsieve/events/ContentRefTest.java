package io.medsieve.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The claim-check rules are enforced in the record so that a producer cannot even build an event that
 * puts a large document into Kafka or leaves consumers guessing where the content is.
 */
class ContentRefTest {

    private static final String SHA = Fixtures.sha256("content");

    @Test
    void inlineTextUpToTheLimitIsAccepted() {
        String text = "a".repeat(ContentRef.MAX_INLINE_BYTES);

        ContentRef ref = ContentRef.inline("text/plain", text, SHA);

        assertThat(ref.inlineText()).isEqualTo(text);
        assertThat(ref.blobUri()).isNull();
        assertThat(ref.sizeBytes()).isEqualTo(ContentRef.MAX_INLINE_BYTES);
    }

    @Test
    void inlineTextOverTheLimitIsRefused() {
        String text = "a".repeat(ContentRef.MAX_INLINE_BYTES + 1);

        assertThatIllegalArgumentException().isThrownBy(() -> ContentRef.inline("text/plain", text, SHA))
                .withMessageContaining("use a blob")
                .withMessageNotContaining(text);
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        String twoByteChars = "é".repeat(ContentRef.MAX_INLINE_BYTES / 2);
        String threeByteChars = "€".repeat(ContentRef.MAX_INLINE_BYTES / 3 + 1);

        assertThat(ContentRef.inline("text/plain", twoByteChars, SHA).sizeBytes())
                .isEqualTo(ContentRef.MAX_INLINE_BYTES);
        assertThat(threeByteChars.length()).isLessThan(ContentRef.MAX_INLINE_BYTES);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContentRef.inline("text/plain", threeByteChars, SHA));
    }

    @Test
    void inlineSizeIsTheUtf8Length() {
        String text = "Überweisung: Röntgen Thorax";

        assertThat(ContentRef.inline("text/plain", text, SHA).sizeBytes())
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(text.length());
    }

    @Test
    void storedRefCarriesOnlyTheUri() {
        ContentRef ref = ContentRef.stored("application/pdf", 10_000_000, SHA, "blob://t/originals/1");

        assertThat(ref.blobUri()).isEqualTo("blob://t/originals/1");
        assertThat(ref.inlineText()).isNull();
        assertThat(ref.sizeBytes()).isEqualTo(10_000_000);
    }

    @Test
    void bothBlobUriAndInlineTextAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ContentRef("text/plain", 4, SHA, "blob://t/x", "text"))
                .withMessage("exactly one of blobUri and inlineText must be set");
    }

    @Test
    void neitherBlobUriNorInlineTextIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ContentRef("text/plain", 4, SHA, null, null))
                .withMessage("exactly one of blobUri and inlineText must be set");
    }

    @Test
    void storedWithoutUriIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> ContentRef.stored("application/pdf", 1, SHA, null))
                .withMessage("blobUri");
    }

    @Test
    void negativeSizeIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContentRef.stored("application/pdf", -1, SHA, "blob://t/x"));
    }

    @Test
    void mediaTypeAndDigestAreRequired() {
        assertThatNullPointerException().isThrownBy(() -> ContentRef.stored(null, 1, SHA, "blob://t/x"))
                .withMessage("mediaType");
        assertThatNullPointerException().isThrownBy(() -> ContentRef.stored("application/pdf", 1, null, "blob://t/x"))
                .withMessage("sha256");
    }

    @Test
    void emptyInlineTextIsAllowed() {
        // An empty page's text is still content with a digest; it is not "no content".
        ContentRef ref = ContentRef.inline("text/plain", "", Fixtures.sha256(""));

        assertThat(ref.sizeBytes()).isZero();
        assertThat(Schemas.validate(new DocumentRouted(Fixtures.routedLocal().header(), "BLANK_PAGE", 0.99, 1,
                Route.LOCAL, false, List.of(), "default-eu", "2026-02-01", ref,
                Fixtures.routedLocal().intake()))).isEmpty();
    }
}
