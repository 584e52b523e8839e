package cn.dalian.governance.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationConfigTest {
    private static String shipped() throws IOException {
        try (InputStream in = EvaluationConfig.class.getResourceAsStream(EvaluationConfig.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static IllegalArgumentException refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> EvaluationConfig.parse("test.properties", new StringReader(text)));
    }

    @Test
    void shippedParametersCarryTheNumbersOfDesignSection8() {
        EvaluationConfig config = EvaluationConfig.loadDefault();
        assertEquals(new BigDecimal("0.85"), config.minSatisfaction());
        assertEquals(5, config.listSize());
        assertEquals(5, config.minCount());
        assertEquals(30, config.repeatWindowDays());
        assertEquals(new BigDecimal("90"), config.gradeExcellent());
        assertEquals(new BigDecimal("80"), config.gradeGood());
        assertEquals(new BigDecimal("70"), config.gradeFair());
        BigDecimal sum = BigDecimal.ZERO;
        for (EvaluationConfig.Component component : EvaluationConfig.Component.values()) {
            sum = sum.add(config.weight(component));
        }
        assertEquals(0, BigDecimal.ONE.compareTo(sum));
    }

    @Test
    void sqlValuesFillEveryPlaceholderWithANumberLiteral() {
        Map<String, String> values = EvaluationConfig.loadDefault().sqlValues();
        assertEquals("0.20", values.get("w_satisfaction"));
        assertEquals("0.85", values.get("min_satisfaction"));
        assertEquals("5", values.get("list_size"));
        assertEquals("5", values.get("min_count"));
        assertEquals(EvaluationConfig.Component.values().length + 8, values.size());
        for (String value : values.values()) {
            assertTrue(value.matches("\\d+(\\.\\d+)?"), value);
        }
    }

    @Test
    void refusesWeightsThatDoNotSumToOne() throws IOException {
        IllegalArgumentException e = refused(shipped().replace("weight.two-way-score = 0.15", "weight.two-way-score = 0.25"));
        assertEquals("test.properties: the weight.* values must sum to 1, they sum to 1.10", e.getMessage());
    }

    @Test
    void namesTheFileAndKeyOfAMissingUnknownOrMalformedValue() throws IOException {
        assertEquals("test.properties: missing lists.size", refused(shipped().replace("lists.size = 5", "")).getMessage());
        assertEquals("test.properties: lists.size is not a whole number: five", refused(shipped().replace("lists.size = 5", "lists.size = five")).getMessage());
        assertEquals("test.properties: satisfaction.minimum is not a number: 85%",
                refused(shipped().replace("satisfaction.minimum = 0.85", "satisfaction.minimum = 85%")).getMessage());
        assertTrue(refused(shipped() + "\nweight.speed = 0.1\n").getMessage().startsWith("test.properties: unknown key weight.speed"));
    }

    @Test
    void refusesBandsOutOfOrderAShareAboveOneAndSuppressionBelowFive() throws IOException {
        assertTrue(refused(shipped().replace("grade.good = 80", "grade.good = 95")).getMessage().contains("grade bands must satisfy"));
        assertTrue(refused(shipped().replace("satisfaction.minimum = 0.85", "satisfaction.minimum = 85")).getMessage().contains("is a share"));
        assertEquals("test.properties: publication.min-count must be at least 5, got 3",
                refused(shipped().replace("publication.min-count = 5", "publication.min-count = 3")).getMessage());
    }
}
