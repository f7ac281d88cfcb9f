package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

import static io.medsieve.redaction.domain.DateShifterTest.hmac;
import static io.medsieve.redaction.domain.DateShifterTest.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Placeholders are keyed, stable per value across documents, different per tenant, and unique within a document. */
class PlaceholderIssuerTest {

    @Test
    void sameValueGetsTheSamePlaceholderInEveryDocumentOfATenant() {
        String first = new PlaceholderIssuer(hmac("tenant-a"), 12).issue(PhiType.NAME, "Zora Quibblewick");
        String second = new PlaceholderIssuer(hmac("tenant-a"), 12).issue(PhiType.NAME, "Mrs. ZORA QUIBBLEWICK");

        assertThat(first).matches("\\[NAME_[0-9a-f]{12}]").isEqualTo(second);
        assertThat(PlaceholderIssuer.PLACEHOLDER.matcher(first).matches()).isTrue();
    }

    @Test
    void otherTenantOrTypeGetsAnotherPlaceholder() {
        String a = new PlaceholderIssuer(hmac("tenant-a"), 12).issue(PhiType.NAME, "Zora Quibblewick");
        String b = new PlaceholderIssuer(hmac("tenant-b"), 12).issue(PhiType.NAME, "Zora Quibblewick");
        String asPlace = new PlaceholderIssuer(hmac("tenant-a"), 12).issue(PhiType.LOCATION, "Zora Quibblewick");

        assertThat(a).isNotEqualTo(b);
        assertThat(asPlace).startsWith("[LOCATION_").doesNotEndWith(a.substring(6));
    }

    @Test
    void differentValuesWithACollidingPrefixAreLengthenedUntilUniqueInTheDocument() {
        // A hash that agrees on the first 8 hex digits for every input and differs afterwards.
        Function<byte[], byte[]> colliding = message -> {
            byte[] real = hmac("tenant-a").apply(message);
            byte[] out = Arrays.copyOf(real, real.length);
            Arrays.fill(out, 0, 4, (byte) 0x5a);
            return out;
        };
        PlaceholderIssuer issuer = new PlaceholderIssuer(colliding, 8);

        String first = issuer.issue(PhiType.NAME, "Zora Quibblewick");
        String second = issuer.issue(PhiType.NAME, "Vrixel Blonkthorpe");
        String firstAgain = issuer.issue(PhiType.NAME, "zora quibblewick");

        assertThat(first).isEqualTo("[NAME_5a5a5a5a]");
        assertThat(second).startsWith("[NAME_5a5a5a5a").hasSize(first.length() + 4);
        assertThat(firstAgain).isEqualTo(first);
        assertThat(issuer.issued()).extracting(PlaceholderIssuer.Issued::placeholder).containsExactly(first, second);
        assertThat(issuer.issued().toString()).doesNotContain("Zora").doesNotContain("Vrixel");
    }

    @Test
    void hexLengthBelowEightIsRefused() {
        assertThatThrownBy(() -> new PlaceholderIssuer(hmac("k"), 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entityOffsetsPointAtThePlaceholderInTheRedactedPage() {
        String page = "Patient: Zora Quibblewick, phone (555) 010-4477. Zora Quibblewick was seen.";
        List<PhiSpan> spans = List.of(span(page, "Zora Quibblewick", PhiType.NAME, "name.label"),
                span(page, "(555) 010-4477", PhiType.PHONE, "phone"),
                new PhiSpan(page.lastIndexOf("Zora"), page.lastIndexOf("Zora") + 16, PhiType.NAME, 0.7, "propagated"));

        RedactedPage redacted = RedactedPage.of(3, page, spans, new PlaceholderIssuer(hmac("tenant-a"), 12),
                OptionalInt.empty());

        assertThat(redacted.text()).doesNotContain("Zora").doesNotContain("4477");
        assertThat(redacted.entities()).hasSize(3).allSatisfy(e -> {
            assertThat(e.page()).isEqualTo(3);
            assertThat(redacted.text().substring(e.start(), e.end())).isEqualTo(e.placeholder());
        });
        assertThat(redacted.entities().get(0).placeholder()).isEqualTo(redacted.entities().get(2).placeholder());
    }
}
