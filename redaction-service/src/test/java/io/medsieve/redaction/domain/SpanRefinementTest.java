package io.medsieve.redaction.domain;

import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.detect.PhiType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** No replacement may leave part of a word behind, and one name on one line is one span. */
class SpanRefinementTest {

    @Test
    void spanEndingInsideAWordIsWidenedToTheWholeWord() {
        String text = "Patient: Zorpwkwa Grimmpby-n8w7n4\nDOB";
        List<PhiSpan> spans = List.of(new PhiSpan(9, 17, PhiType.NAME, 0.92, "name.label"),
                new PhiSpan(18, 28, PhiType.NAME, 0.88, "name.label"));

        List<PhiSpan> refined = SpanRefinement.refine(text, spans);

        assertThat(refined).hasSize(1);
        assertThat(text.substring(refined.get(0).start(), refined.get(0).end())).isEqualTo("Zorpwkwa Grimmpby-n8w7n4");
        assertThat(refined.get(0).confidence()).isEqualTo(0.92);
    }

    @Test
    void namesOnDifferentLinesAndOtherTypesStaySeparate() {
        String text = "Zora\nQuibblewick 03/14/1958 5550104477";
        List<PhiSpan> spans = List.of(new PhiSpan(0, 4, PhiType.NAME, 0.9, "a"),
                new PhiSpan(5, 16, PhiType.NAME, 0.9, "b"),
                new PhiSpan(17, 27, PhiType.DATE, 0.95, "date.numeric"),
                new PhiSpan(28, 38, PhiType.PHONE, 0.8, "phone"));

        assertThat(SpanRefinement.refine(text, spans)).isEqualTo(spans);
    }

    @Test
    void punctuationAroundASpanIsNotPartOfTheWord() {
        String text = "(Healey), O'Neil-";
        List<PhiSpan> spans = List.of(new PhiSpan(1, 7, PhiType.NAME, 0.9, "a"),
                new PhiSpan(12, 16, PhiType.NAME, 0.9, "b"));

        List<PhiSpan> refined = SpanRefinement.refine(text, spans);

        assertThat(refined).extracting(s -> text.substring(s.start(), s.end())).containsExactly("Healey", "O'Neil");
    }
}
