package cn.dalian.governance.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a sample of durations in milliseconds. Immutable. */
record Percentiles(int count, long p50, long p95, long p99, long max) {
    static Percentiles of(List<Long> millis) {
        if (millis.isEmpty()) {
            return new Percentiles(0, -1, -1, -1, -1);
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
