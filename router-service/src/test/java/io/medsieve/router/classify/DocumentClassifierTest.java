package io.medsieve.router.classify;

import io.medsieve.router.domain.Classification;
import io.medsieve.router.domain.DocumentClass;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier's own logic with a deterministic stand-in embedder (each training class gets its own axis), so
 * the rules around the model are tested exactly: placeholders, the full-chart structure rule, the unknown class and
 * the confidence. The real model's quality is measured by bench/router; the pipeline test runs it end to end.
 */
class DocumentClassifierTest {

    /** Maps a text to the axis of the class word it starts with ("lab ...", "referral ..."), else a spare axis. */
    static final class AxisEmbedder implements TextEmbedder {
        @Override
        public float[] embed(String text) {
            float[] vector = new float[DocumentClass.values().length + 1];
            int axis = vector.length - 1;
            for (DocumentClass documentClass : DocumentClass.values()) {
                if (text.startsWith(documentClass.name().toLowerCase())) {
                    axis = documentClass.ordinal();
                }
            }
            vector[axis] = 1;
            return vector;
        }
    }

    static final List<LabelledExample> TRAINING = java.util.Arrays.stream(DocumentClass.values())
            .map(c -> new LabelledExample(c, c.name().toLowerCase() + " example"))
            .toList();

    final DocumentClassifier classifier = new DocumentClassifier(new AxisEmbedder(), TRAINING);

    @Test
    void placeholdersReadAsTheirTypeWord() {
        assertThat(DocumentClassifier.prepare("Dear Dr [PERSON_3f9a],\n seen on [DATE_81c2] at [STREET_ADDRESS_0b7e]"))
                .isEqualTo("Dear Dr person, seen on date at street address");
    }

    @Test
    void embeddingAndKeywordsAgreeWithHighConfidence() {
        Classification result = classifier.classify("lab_report\nReference range 12-16 g/dL, specimen collected");
        assertThat(result.documentClass()).isEqualTo(DocumentClass.LAB_REPORT);
        assertThat(result.confidence()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
        assertThat(result.basis()).isEqualTo("embedding and keyword cues");
    }

    @Test
    void strongKeywordsOutweighAnAmbiguousEmbedding() {
        // The stand-in gives this text the spare axis: no centroid resembles it, only the cues speak.
        Classification result = classifier.classify(
                "EXPLANATION OF BENEFITS. Claim number [ID_4c4d]. Amount billed $180. Patient responsibility $22.");
        assertThat(result.documentClass()).isEqualTo(DocumentClass.BILLING_CLAIM);
    }

    @Test
    void textResemblingNothingIsOther() {
        Classification result = classifier.classify("zq xv wk");
        assertThat(result.documentClass()).isEqualTo(DocumentClass.OTHER);
        assertThat(result.confidence()).isZero();
    }

    @Test
    void pagesOfDifferentRecordTypesAreAFullChart() {
        String chart = String.join("\f",
                "Chief complaint: cough. History of present illness: three days. Assessment and plan: rest.",
                "Reference range 12-16. Hemoglobin 13.2 g/dL. Specimen collected.",
                "Impression: no acute disease. Findings: clear lungs on chest x-ray.");
        Classification result = classifier.classify(chart);
        assertThat(result.documentClass()).isEqualTo(DocumentClass.FULL_CHART);
        assertThat(result.basis()).startsWith("structure: 3 pages of 3 record types");
    }

    @Test
    void threePagesOfOneTypeAreNotAChart() {
        String labs = String.join("\f", "lab_report Reference range 1", "Reference range 2", "Reference range 3");
        assertThat(classifier.classify(labs).documentClass()).isEqualTo(DocumentClass.LAB_REPORT);
    }

    @Test
    void bundledTrainingSetCoversEveryClass() {
        Set<DocumentClass> covered = LabelledExamples.training().stream().map(LabelledExample::documentClass)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DocumentClass.class)));
        assertThat(covered).containsExactlyInAnyOrder(DocumentClass.values());
    }
}
