package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.dalian.governance.assess.AssessmentRules.Component;
import cn.dalian.governance.assess.StabilityScore.Band;
import cn.dalian.governance.assess.StabilityScore.ComponentScore;
import org.junit.jupiter.api.Test;

/**
 * The stability index of DESIGN §7 with the shipped rules.properties:
 * <pre>
 *   component       weight  threshold (per 10 000 residents over 24 h; unsatisfied: a share)
 *   disputes         0.20    3.0
 *   overdue          0.15    2.0
 *   police-risk      0.25    6.0   (level weights 1, 2, 4, 8)
 *   complaints       0.15    4.0   (a repeat counts 2 times)
 *   mass-gathering   0.15    0.5
 *   unsatisfied      0.10    0.30
 *   bands: ≥ 85 稳定, ≥ 70 基本稳定, ≥ 55 关注, below 高风险
 * </pre>
 */
class StabilityIndexTest {
    private static final AssessmentRules RULES = AssessmentRules.loadDefault();
    private static final double EPSILON = 1e-9;

    private static ComponentRates counts(long disputes, long overdue, double policeRiskWeight, long policeSignals, long complaints, long repeats,
            long massGathering, long rated, long unsatisfied) {
        return new ComponentRates(disputes, overdue, policeRiskWeight, policeSignals, complaints, repeats, massGathering, rated, unsatisfied);
    }

    @Test
    void weightsThresholdsAndBandsLoadFromTheShippedRulesFile() {
        assertEquals(0.20, RULES.weight(Component.DISPUTES));
        assertEquals(0.15, RULES.weight(Component.OVERDUE));
        assertEquals(0.25, RULES.weight(Component.POLICE_RISK));
        assertEquals(0.15, RULES.weight(Component.COMPLAINTS));
        assertEquals(0.15, RULES.weight(Component.MASS_GATHERING));
        assertEquals(0.10, RULES.weight(Component.UNSATISFIED));
        assertEquals(3.0, RULES.threshold(Component.DISPUTES));
        assertEquals(2.0, RULES.threshold(Component.OVERDUE));
        assertEquals(6.0, RULES.threshold(Component.POLICE_RISK));
        assertEquals(4.0, RULES.threshold(Component.COMPLAINTS));
        assertEquals(0.5, RULES.threshold(Component.MASS_GATHERING));
        assertEquals(0.30, RULES.threshold(Component.UNSATISFIED));
        assertEquals(2.0, RULES.repeatComplaintFactor());
        assertEquals(85.0, RULES.bandStable());
        assertEquals(70.0, RULES.bandBasicallyStable());
        assertEquals(55.0, RULES.bandAttention());
        // The score carries the weight and threshold it used.
        StabilityScore score = StabilityIndex.score(RULES, 12_000, ComponentRates.NONE);
        for (Component component : Component.values()) {
            assertEquals(RULES.weight(component), score.component(component).weight());
            assertEquals(RULES.threshold(component), score.component(component).threshold());
        }
    }

    @Test
    void aCommunityOfTwelveThousandWithSomeOfEverythingScores61Point46Attention() {
        // 12 000 residents; in the 24 h window: 2 new disputes, 1 overdue item, one police signal of level 1,
        // 2 complaints of which 1 repeat, no mass gathering, 4 rated closings of which 1 unsatisfied.
        StabilityScore score = StabilityIndex.score(RULES, 12_000, counts(2, 1, 1, 1, 2, 1, 0, 4, 1));

        // disputes:    rate = 2 × 10 000 / 12 000 = 1.666667;  p = 1.666667 / 3.0 = 0.555556;  w·p = 0.20 × 0.555556 = 0.111111
        assertComponent(score, Component.DISPUTES, 2, 2 * 10_000 / 12_000.0, 5.0 / 9, 100 * 0.20 * 5 / 9);
        // overdue:     rate = 1 × 10 000 / 12 000 = 0.833333;  p = 0.833333 / 2.0 = 0.416667;  w·p = 0.15 × 0.416667 = 0.062500
        assertComponent(score, Component.OVERDUE, 1, 10_000 / 12_000.0, 5.0 / 12, 6.25);
        // police risk: weight 1 (level 1) → rate = 0.833333;    p = 0.833333 / 6.0 = 0.138889;  w·p = 0.25 × 0.138889 = 0.034722
        assertComponent(score, Component.POLICE_RISK, 1, 10_000 / 12_000.0, 5.0 / 36, 100 * 0.25 * 5 / 36);
        // complaints:  2 + (2 − 1) × 1 repeat = 3 → rate = 3 × 10 000 / 12 000 = 2.5;  p = 2.5 / 4.0 = 0.625;  w·p = 0.15 × 0.625 = 0.093750
        assertComponent(score, Component.COMPLAINTS, 3, 2.5, 0.625, 9.375);
        // mass gathering: 0 → rate 0, p 0, w·p 0
        assertComponent(score, Component.MASS_GATHERING, 0, 0, 0, 0);
        // unsatisfied: 1 of 4 rated = 0.25 (a share, not per 10 000);  p = 0.25 / 0.30 = 0.833333;  w·p = 0.10 × 0.833333 = 0.083333
        assertComponent(score, Component.UNSATISFIED, 1, 0.25, 5.0 / 6, 100 * 0.10 * 5 / 6);
        // Σ w·p = 0.111111 + 0.062500 + 0.034722 + 0.093750 + 0 + 0.083333 = 0.385417   (= 555 / 1440)
        // index = 100 × (1 − 0.385417) = 61.458333 → 61.46;  55 ≤ 61.46 < 70 → ATTENTION (关注)
        assertEquals(61.46, score.index());
        assertEquals(Band.ATTENTION, score.band());
        assertEquals("关注", score.band().label());
        assertEquals(12_000, score.population());
        assertEquals(counts(2, 1, 1, 1, 2, 1, 0, 4, 1), score.counts());
    }

    @Test
    void aComponentOverItsThresholdIsCappedAtOne() {
        // As above plus one mass-gathering signal (a police signal of level 1 too: police weight 2, 2 signals).
        StabilityScore score = StabilityIndex.score(RULES, 12_000, counts(2, 1, 2, 2, 2, 1, 1, 4, 1));

        // mass gathering: rate = 1 × 10 000 / 12 000 = 0.833333;  0.833333 / 0.5 = 1.666667 → p = min(1, 1.666667) = 1;  w·p = 0.15
        assertComponent(score, Component.MASS_GATHERING, 1, 10_000 / 12_000.0, 1.0, 15.0);
        // police risk: weight 2 → rate = 1.666667;  p = 1.666667 / 6.0 = 0.277778;  w·p = 0.25 × 0.277778 = 0.069444
        assertComponent(score, Component.POLICE_RISK, 2, 2 * 10_000 / 12_000.0, 5.0 / 18, 100 * 0.25 * 5 / 18);
        // Σ w·p = 0.111111 + 0.062500 + 0.069444 + 0.093750 + 0.150000 + 0.083333 = 0.570139   (= 821 / 1440)
        // index = 100 × (1 − 0.570139) = 42.986111 → 42.99;  below 55 → HIGH_RISK (高风险)
        assertEquals(42.99, score.index());
        assertEquals(Band.HIGH_RISK, score.band());
        assertEquals("高风险", score.band().label());
    }

    @Test
    void everyComponentFarOverItsThresholdGivesZeroAndHighRisk() {
        // Each rate is many times its threshold: every p is capped at 1, Σ w·p = Σ w = 1, index = 100 × (1 − 1) = 0.
        StabilityScore score = StabilityIndex.score(RULES, 12_000, counts(100, 100, 800, 100, 100, 50, 100, 10, 10));
        for (Component component : Component.values()) {
            assertEquals(1.0, score.component(component).p(), component.name());
            assertEquals(100 * RULES.weight(component), score.component(component).contribution(), EPSILON, component.name());
        }
        assertEquals(0.0, score.index());
        assertEquals(Band.HIGH_RISK, score.band());
    }

    @Test
    void nothingInTheWindowGivesOneHundredAndStable() {
        StabilityScore score = StabilityIndex.score(RULES, 12_000, ComponentRates.NONE);
        for (Component component : Component.values()) {
            assertEquals(0.0, score.component(component).rate(), component.name());
            assertEquals(0.0, score.component(component).p(), component.name());
            assertEquals(0.0, score.component(component).contribution(), component.name());
        }
        assertEquals(100.0, score.index());
        assertEquals(Band.STABLE, score.band());
        assertEquals("稳定", score.band().label());
    }

    @Test
    void noRatedClosingsMeansAZeroUnsatisfiedShare() {
        StabilityScore score = StabilityIndex.score(RULES, 12_000, counts(0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(0.0, score.component(Component.UNSATISFIED).rate());
        // Only rated closings count: 0 of 3 rated unsatisfied is a share of 0 too.
        assertEquals(0.0, StabilityIndex.score(RULES, 12_000, counts(0, 0, 0, 0, 0, 0, 0, 3, 0)).component(Component.UNSATISFIED).rate());
    }

    @Test
    void anIndexExactlyOnABandBoundaryBelongsToTheBetterBand() {
        // 10 000 residents, so rate = count.
        // 4 complaints: rate 4.0 = threshold → p = 1 → w·p = 0.15 → index = 100 × (1 − 0.15) = 85.00 → STABLE (≥ 85)
        StabilityScore stable = StabilityIndex.score(RULES, 10_000, counts(0, 0, 0, 0, 4, 0, 0, 0, 0));
        assertEquals(85.00, stable.index());
        assertEquals(Band.STABLE, stable.band());
        // and 1 unsatisfied of 1000 rated more: share 0.001 → p = 0.001 / 0.30 = 0.003333 → w·p = 0.000333
        // → Σ = 0.150333 → index = 84.966667 → 84.97 → BASICALLY_STABLE (基本稳定)
        StabilityScore justBelow = StabilityIndex.score(RULES, 10_000, counts(0, 0, 0, 0, 4, 0, 0, 1000, 1));
        assertEquals(84.97, justBelow.index());
        assertEquals(Band.BASICALLY_STABLE, justBelow.band());
        // 4 complaints and 2 overdue (rate 2.0 = threshold → p = 1 → 0.15): Σ = 0.30 → index 70.00 → BASICALLY_STABLE (≥ 70)
        StabilityScore basically = StabilityIndex.score(RULES, 10_000, counts(0, 2, 0, 0, 4, 0, 0, 0, 0));
        assertEquals(70.00, basically.index());
        assertEquals(Band.BASICALLY_STABLE, basically.band());
        // 3 disputes (rate 3.0 = threshold → p = 1 → 0.20) and police weight 6 (a level-3 signal, 4, and a level-2 one, 2:
        // rate 6.0 = threshold → p = 1 → 0.25): Σ = 0.45 → index 55.00 → ATTENTION (≥ 55)
        StabilityScore attention = StabilityIndex.score(RULES, 10_000, counts(3, 0, 6, 2, 0, 0, 0, 0, 0));
        assertEquals(55.00, attention.index());
        assertEquals(Band.ATTENTION, attention.band());
        // and 1 overdue more: rate 1.0 → p = 0.5 → 0.075 → Σ = 0.525 → index 47.50 → HIGH_RISK
        StabilityScore highRisk = StabilityIndex.score(RULES, 10_000, counts(3, 1, 6, 2, 0, 0, 0, 0, 0));
        assertEquals(47.50, highRisk.index());
        assertEquals(Band.HIGH_RISK, highRisk.band());
    }

    @Test
    void bandsFollowTheShippedBoundaries() {
        assertEquals(Band.STABLE, StabilityIndex.band(RULES, 100));
        assertEquals(Band.STABLE, StabilityIndex.band(RULES, 85));
        assertEquals(Band.BASICALLY_STABLE, StabilityIndex.band(RULES, 84.99));
        assertEquals(Band.BASICALLY_STABLE, StabilityIndex.band(RULES, 70));
        assertEquals(Band.ATTENTION, StabilityIndex.band(RULES, 69.99));
        assertEquals(Band.ATTENTION, StabilityIndex.band(RULES, 55));
        assertEquals(Band.HIGH_RISK, StabilityIndex.band(RULES, 54.99));
        assertEquals(Band.HIGH_RISK, StabilityIndex.band(RULES, 0));
    }

    @Test
    void rejectsAnAreaWithoutResidentsAndImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> StabilityIndex.score(RULES, 0, ComponentRates.NONE));
        assertThrows(IllegalArgumentException.class, () -> counts(0, 0, 0, 0, 1, 2, 0, 0, 0), "more repeats than complaints");
        assertThrows(IllegalArgumentException.class, () -> counts(0, 0, 0, 0, 0, 0, 0, 1, 2), "more unsatisfied than rated");
        assertThrows(IllegalArgumentException.class, () -> counts(-1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> counts(0, 0, Double.NaN, 0, 0, 0, 0, 0, 0));
    }

    private static void assertComponent(StabilityScore score, Component component, double count, double rate, double p, double contribution) {
        ComponentScore c = score.component(component);
        assertEquals(component, c.component());
        assertEquals(count, c.count(), EPSILON, component + " count");
        assertEquals(rate, c.rate(), EPSILON, component + " rate");
        assertEquals(p, c.p(), EPSILON, component + " p");
        assertEquals(contribution, c.contribution(), EPSILON, component + " contribution (index points)");
    }
}
