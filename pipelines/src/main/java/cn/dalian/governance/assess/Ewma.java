package cn.dalian.governance.assess;

/**
 * Exponentially weighted mean and variance of a series: the baseline of R2 (DESIGN §7), one value per
 * hour with {@code alpha = rules.r2Alpha()}. Immutable and pure; {@link #update} returns the next value.
 *
 * <p>The recurrence (Finch, "Incremental calculation of weighted mean and variance", 2009), with
 * {@code d_t = x_t − mean_{t−1}}:
 * <pre>
 *   mean_1 = x_1                          var_1 = 0
 *   mean_t = mean_{t−1} + α d_t           var_t = (1 − α) (var_{t−1} + α d_t²)
 * </pre>
 * So with α = 0.5 the series 4, 6, 8 gives means 4, 5, 6.5 and variances 0, 1, 2.75. The first
 * observation starts the mean instead of pulling a zero prior towards it.
 *
 * @param alpha weight of the newest observation, in (0, 1]
 * @param mean the weighted mean (0 before the first observation)
 * @param variance the weighted variance (0 before the second observation)
 * @param observations how many values have been folded in
 */
public record Ewma(double alpha, double mean, double variance, long observations) {
    public Ewma {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (!(variance >= 0) || Double.isInfinite(variance) || !Double.isFinite(mean) || observations < 0) {
            throw new IllegalArgumentException("not an EWMA state: mean " + mean + ", variance " + variance + ", observations " + observations);
        }
    }

    /** No observation yet. */
    public static Ewma start(double alpha) {
        return new Ewma(alpha, 0, 0, 0);
    }

    /** The baseline after one more observation {@code x}. */
    public Ewma update(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("observation is not a finite number: " + x);
        }
        if (observations == 0) {
            return new Ewma(alpha, x, 0, 1);
        }
        double d = x - mean;
        return new Ewma(alpha, mean + alpha * d, (1 - alpha) * (variance + alpha * d * d), observations + 1);
    }

    /** The weighted standard deviation, √variance. */
    public double sigma() {
        return Math.sqrt(variance);
    }

    /** An EWMA kept in keyed state (without its alpha, which comes from the rules). Flink POJO. */
    public static final class State {
        public double mean;
        public double variance;
        public long observations;

        public State() {}

        static State of(Ewma ewma) {
            State state = new State();
            state.mean = ewma.mean();
            state.variance = ewma.variance();
            state.observations = ewma.observations();
            return state;
        }
    }
}
