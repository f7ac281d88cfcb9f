package io.medsieve.redaction.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tenant thresholds, span merging, and the no-PHI-in-errors rule. */
class PolicyAndMergeTest {

    @Test
    void overlappingSpansMergeToTheMostConfidentTypeWithWidestBounds() {
        List<PhiSpan> in = new ArrayList<>(List.of(
                new PhiSpan(10, 20, PhiType.OTHER_ID, 0.6, "a"),
                new PhiSpan(15, 30, PhiType.MRN, 0.9, "b"),
                new PhiSpan(40, 45, PhiType.NAME, 0.7, "c")));
        List<PhiSpan> out = PhiEngine.merge(in);
        assertEquals(2, out.size());
        assertEquals(new PhiSpan(10, 30, PhiType.MRN, 0.9, "b"), out.get(0));
        assertEquals(PhiType.NAME, out.get(1).type());
    }

    @Test
    void tenantThresholdDropsWeakEvidenceOfOneTypeOnly() {
        String text = "SPOKE WITH PATRICIA ON 7/22";
        PhiEngine lenient = new PhiEngine(EngineConfig.defaults());
        PhiEngine strict = new PhiEngine(EngineConfig.defaults().withMinimum(PhiType.NAME, 0.95));
        assertTrue(lenient.detect(text).stream().anyMatch(s -> s.type() == PhiType.NAME));
        assertFalse(strict.detect(text).stream().anyMatch(s -> s.type() == PhiType.NAME));
        assertTrue(strict.detect(text).stream().anyMatch(s -> s.type() == PhiType.DATE));
    }

    @Test
    void everySpanNamesItsDetectorAndCarriesNoText() {
        PhiEngine engine = new PhiEngine(EngineConfig.defaults());
        for (PhiSpan s : engine.detect("Dr. Smith, MRN 1234567, 03/04/2019, (617) 555-0123")) {
            assertFalse(s.detector().isBlank());
            assertFalse(s.toString().contains("Smith"));
        }
        assertTrue(engine.detectorNames().contains("name.title"));
    }

    @Test
    void invalidInputsFailWithoutEchoingText() {
        PhiEngine engine = new PhiEngine(EngineConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> engine.detect(null));
        assertTrue(engine.detect("").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EngineConfig(Map.of(PhiType.NAME, 1.5), 0.5));
        assertFalse(e.getMessage().contains("1.5") && e.getMessage().contains("Smith"));
        assertThrows(IllegalArgumentException.class, () -> new PhiSpan(5, 5, PhiType.NAME, 0.5, "x"));
    }
}
