package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.assess.AssessmentRules.Component;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The stability index of one area (DESIGN §7) with everything behind it: the population, the raw
 * counts, and per component its count, rate, threshold, weight, {@code p} and the index points it takes
 * off. Immutable; made by {@link StabilityIndex#score}.
 *
 * @param index {@code 100 × (1 − Σ w_c p_c)}, rounded to 2 decimals
 * @param band the band of the rounded index
 */
public record StabilityScore(long population, ComponentRates counts, double index, Band band, Map<Component, ComponentScore> components) {
    /** The bands of DESIGN §7, best first. */
    public enum Band {
        STABLE("稳定"),
        BASICALLY_STABLE("基本稳定"),
        ATTENTION("关注"),
        HIGH_RISK("高风险");

        private final String label;

        Band(String label) {
            this.label = label;
        }

        /** The Chinese label (稳定, 基本稳定, 关注, 高风险). */
        public String label() {
            return label;
        }
    }

    /**
     * One component of the index.
     *
     * @param count what the rate is taken from: the count, the police risk weight, complaints with
     *     repeats counted {@code repeat-factor} times, or the unsatisfied closings
     * @param rate per 10 000 residents over the window; for UNSATISFIED the share (0..1) of rated closings
     * @param p {@code min(1, rate / threshold)}
     * @param contribution index points the component takes off: {@code 100 × weight × p}
     */
    public record ComponentScore(Component component, double count, double rate, double threshold, double weight, double p, double contribution) {
        public ComponentScore {
            requireNonNull(component, "component is null");
        }
    }

    public StabilityScore {
        requireNonNull(counts, "counts is null");
        requireNonNull(band, "band is null");
        requireNonNull(components, "components is null");
        Map<Component, ComponentScore> copy = new EnumMap<>(Component.class);
        copy.putAll(components);
        for (Component component : Component.values()) {
            ComponentScore score = copy.get(component);
            if (score == null || score.component() != component) {
                throw new IllegalArgumentException("no score for component " + component);
            }
        }
        components = Collections.unmodifiableMap(copy);
    }

    public ComponentScore component(Component component) {
        return components.get(requireNonNull(component, "component is null"));
    }
}
