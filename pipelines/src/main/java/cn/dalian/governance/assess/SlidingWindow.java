package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The level of a sliding event-time window through time, from the items in it. An item at {@code t}
 * is in the window at every instant {@code τ} with {@code t ≤ τ < t + window}. A rule reads the counts
 * of the window (per kind of item) as a level rank: 0 for none, higher for worse. Pure and
 * order-insensitive: the result depends on the set of items, never on the order they were given in.
 */
final class SlidingWindow {
    private SlidingWindow() {}

    /** An item in a window: its id, event time and kind (an index below the rule's number of kinds). */
    record Point(String id, long at, int kind) {
        Point {
            requireNonNull(id, "id is null");
        }
    }

    /** How a rule reads the counts of its window, one per kind, as a level rank (0: none). */
    interface Levels {
        int rank(long[] counts);
    }

    /**
     * A maximal interval {@code [start, end)} at whose every instant the level is above none: its highest
     * rank, the counts at its fullest instant (the latest one with the largest total), every item that
     * was in the window at some instant of it, sorted, and the earliest of their event times.
     */
    record Region(long start, long end, int peakRank, long peakTotal, long peakAt, long[] peakCounts, List<String> itemIds, long earliest) {}

    /** The regions of the level at the instants from {@code from} on, in time order. */
    static List<Region> regions(List<Point> points, long window, long from, int kinds, Levels levels) {
        Map<Long, List<Move>> moves = new HashMap<>();
        for (Point point : points) {
            long exit = point.at() + window;
            if (exit <= from) {
                continue;
            }
            moves.computeIfAbsent(Math.max(point.at(), from), at -> new ArrayList<>()).add(new Move(point, +1));
            moves.computeIfAbsent(exit, at -> new ArrayList<>()).add(new Move(point, -1));
        }
        List<Long> instants = new ArrayList<>(moves.keySet());
        instants.sort(Comparator.naturalOrder());
        long[] counts = new long[kinds];
        Map<String, Long> present = new HashMap<>();
        List<Region> regions = new ArrayList<>();
        Builder open = null;
        for (long instant : instants) {
            for (Move move : moves.get(instant)) {
                counts[move.point.kind()] += move.delta;
                if (move.delta > 0) {
                    present.put(move.point.id(), move.point.at());
                    if (open != null) {
                        open.add(move.point);
                    }
                } else {
                    present.remove(move.point.id());
                }
            }
            int rank = levels.rank(counts);
            if (rank > 0 && open == null) {
                open = new Builder(instant, present);
            }
            if (open != null && rank == 0) {
                regions.add(open.build(instant));
                open = null;
            }
            if (open != null) {
                open.observe(instant, rank, counts);
            }
        }
        if (open != null) {
            throw new IllegalStateException("a window level that never ends: every item leaves its window, so the last instant must be below the rule");
        }
        return regions;
    }

    private record Move(Point point, int delta) {}

    private static final class Builder {
        private final long start;
        private final Set<String> items = new LinkedHashSet<>();
        private long earliest = Long.MAX_VALUE;
        private int peakRank;
        private long peakTotal = -1;
        private long peakAt;
        private long[] peakCounts;

        Builder(long start, Map<String, Long> present) {
            this.start = start;
            present.forEach((id, at) -> add(new Point(id, at, 0)));
        }

        void add(Point point) {
            items.add(point.id());
            earliest = Math.min(earliest, point.at());
        }

        void observe(long instant, int rank, long[] counts) {
            peakRank = Math.max(peakRank, rank);
            long total = Arrays.stream(counts).sum();
            if (total >= peakTotal) {
                peakTotal = total;
                peakAt = instant;
                peakCounts = counts.clone();
            }
        }

        Region build(long end) {
            List<String> sorted = new ArrayList<>(items);
            sorted.sort(Comparator.naturalOrder());
            return new Region(start, end, peakRank, peakTotal, peakAt, peakCounts, List.copyOf(sorted), earliest);
        }
    }
}
