package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.assess.AssessmentRules.Component;
import cn.dalian.governance.assess.StabilityScore.Band;
import cn.dalian.governance.assess.StabilityScore.ComponentScore;
import java.util.EnumMap;
import java.util.Map;

/**
 * The stability index (社会稳定指数) of DESIGN §7, in one place. For each component c:
 * <pre>
 *   rate_c = count_c × 10 000 / population      (per 10 000 residents over the window)
 *   rate_UNSATISFIED = unsatisfied / rated      (a share; 0 when nothing was rated)
 *   p_c    = min(1, rate_c / threshold_c)
 *   index  = 100 × (1 − Σ w_c p_c), rounded to 2 decimals
 * </pre>
 * where the police-risk count is the sum of the signals' level weights (1, 2, 4, 8) and a repeat
 * complaint counts {@code repeat-factor} (2) times. Bands on the rounded index: ≥ stable (85) 稳定,
 * ≥ basically-stable (70) 基本稳定, ≥ attention (55) 关注, below 高风险. Weights, thresholds, factors and
 * bands come from {@link AssessmentRules}.
 */
public final class StabilityIndex {
    static final double PER_RESIDENTS = 10_000;

    private StabilityIndex() {}

    public static StabilityScore score(AssessmentRules rules, long population, ComponentRates counts) {
        requireNonNull(rules, "rules is null");
        requireNonNull(counts, "counts is null");
        if (population <= 0) {
            throw new IllegalArgumentException("population must be positive, got " + population);
        }
        Map<Component, ComponentScore> components = new EnumMap<>(Component.class);
        double weightedSum = 0;
        for (Component component : Component.values()) {
            double count = count(rules, component, counts);
            double rate = component == Component.UNSATISFIED ? share(counts.unsatisfied(), counts.rated()) : perTenThousand(count, population);
            ComponentScore score = component(rules, component, count, rate);
            components.put(component, score);
            weightedSum += score.weight() * score.p();
        }
        double index = round2(100 * (1 - weightedSum));
        return new StabilityScore(population, counts, index, band(rules, index), components);
    }

    /** The band of an index (already rounded). */
    public static Band band(AssessmentRules rules, double index) {
        if (index >= rules.bandStable()) {
            return Band.STABLE;
        }
        if (index >= rules.bandBasicallyStable()) {
            return Band.BASICALLY_STABLE;
        }
        if (index >= rules.bandAttention()) {
            return Band.ATTENTION;
        }
        return Band.HIGH_RISK;
    }

    /** What a component's rate is taken from. */
    static double count(AssessmentRules rules, Component component, ComponentRates counts) {
        return switch (component) {
            case DISPUTES -> counts.disputes();
            case OVERDUE -> counts.overdue();
            case POLICE_RISK -> counts.policeRiskWeight();
            case COMPLAINTS -> counts.complaints() + (rules.repeatComplaintFactor() - 1) * counts.repeatComplaints();
            case MASS_GATHERING -> counts.massGatheringSignals();
            case UNSATISFIED -> counts.unsatisfied();
        };
    }

    private static ComponentScore component(AssessmentRules rules, Component component, double count, double rate) {
        double threshold = rules.threshold(component);
        double weight = rules.weight(component);
        double p = Math.min(1, rate / threshold);
        return new ComponentScore(component, count, rate, threshold, weight, p, 100 * weight * p);
    }

    static double perTenThousand(double count, long population) {
        return count * PER_RESIDENTS / population;
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
