package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AssessmentRulesTest {
    private static String shipped() throws IOException {
        try (InputStream in = AssessmentRules.class.getResourceAsStream(AssessmentRules.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shippedRulesCarryTheNumbersOfDesignSection7() {
        AssessmentRules rules = AssessmentRules.loadDefault();
        assertEquals(Duration.ofHours(24), rules.stabilityWindow());
        assertArrayEquals(new double[] {1, 2, 4, 8}, rules.policeLevelWeights());
        assertEquals(85, rules.bandStable());
        assertEquals(70, rules.bandBasicallyStable());
        assertEquals(55, rules.bandAttention());
        assertEquals(Duration.ofHours(6), rules.r1Window());
        assertEquals(2, rules.r1OrangeCount());
        assertEquals(4, rules.r1RedCount());
        assertEquals(Duration.ofDays(14), rules.r2BaselineWindow());
        assertEquals(5, rules.r2MinCount());
        assertEquals(Duration.ofHours(48), rules.r3Window());
        assertEquals(Duration.ofDays(30), rules.r4Window());
        assertEquals(3, rules.r4Cases());
        assertEquals(2.0, rules.r5EscalateFactor());
        double sum = 0;
        for (AssessmentRules.Component component : AssessmentRules.Component.values()) {
            sum += rules.weight(component);
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void refusesWeightsThatDoNotSumToOne() throws IOException {
        String changed = shipped().replace("stability.disputes.weight = 0.20", "stability.disputes.weight = 0.30");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AssessmentRules.parse("test.properties", new StringReader(changed)));
        assertTrue(e.getMessage().startsWith("test.properties: stability weights must sum to 1"), e.getMessage());
    }

    @Test
    void namesTheFileAndKeyOfAMissingOrMalformedValue() throws IOException {
        String missing = shipped().replace("r4.cases = 3", "");
        assertEquals("test.properties: missing r4.cases",
                assertThrows(IllegalArgumentException.class, () -> AssessmentRules.parse("test.properties", new StringReader(missing))).getMessage());
        String malformed = shipped().replace("r1.window = PT6H", "r1.window = six hours");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AssessmentRules.parse("test.properties", new StringReader(malformed)))
                .getMessage().contains("r1.window is not an ISO-8601 duration"));
    }
}
