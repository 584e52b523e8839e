package cn.dalian.governance.simulator;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/** Small sampling helpers over a {@link SplittableRandom}. */
final class Draw {
    private Draw() {}

    static boolean chance(SplittableRandom random, double probability) {
        return random.nextDouble() < probability;
    }

    static double uniform(SplittableRandom random, double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    static Duration hours(SplittableRandom random, double from, double to) {
        return Duration.ofSeconds(Math.round(uniform(random, from, to) * 3600));
    }

    static Duration minutes(SplittableRandom random, double from, double to) {
        return Duration.ofSeconds(Math.round(uniform(random, from, to) * 60));
    }

    /** A share of an SLA: mostly well inside it, {@code overdue} of the time beyond it, {@code twice} beyond twice it. */
    static Duration withinSla(SplittableRandom random, Duration sla, double overdue, double twice) {
        double roll = random.nextDouble();
        double factor;
        if (roll < twice) {
            factor = uniform(random, 2.05, 3.0);
        } else if (roll < twice + overdue) {
            factor = uniform(random, 1.05, 1.9);
        } else {
            factor = uniform(random, 0.05, 0.9);
        }
        return Duration.ofSeconds(Math.max(60, Math.round(sla.toSeconds() * factor)));
    }

    static <T> T oneOf(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Index drawn with the given relative weights. */
    static int weighted(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double roll = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Poisson variate (Knuth for small means, normal approximation above 30). */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
