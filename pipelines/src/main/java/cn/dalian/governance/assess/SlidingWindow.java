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
 * The level of a window rule through event time, from the items that count towards it. Each item is
 * present over intervals of time ({@link Presence}): an R1 signal at {@code t} from {@code t} until
 * {@code t + window}; an R4 case from its receipt until {@code receipt + window}, except while it was
 * closed. A rule reads the counts of the items present at an instant (per kind) as a level rank: 0
 * for none, higher for worse. Pure and order-insensitive: the result depends on the set of presences,
 * never on the order they were given in.
 */
final class SlidingWindow {
    private SlidingWindow() {}

    /** An item of {@code kind} counting at the instants {@code from ≤ τ < until}; {@code at} is its own event time. */
    record Presence(String id, long from, long until, int kind, long at) {
        Presence {
            requireNonNull(id, "id is null");
        }

        /** An item at {@code at} in a window of {@code window}: present from {@code at} for the window. */
        static Presence of(String id, long at, long window, int kind) {
            return new Presence(id, at, at + window, kind, at);
        }
    }

    /** How a rule reads the counts of the items present, one per kind, as a level rank (0: none). */
    interface Levels {
        int rank(long[] counts);
    }

    /**
     * A maximal interval {@code [start, end)} at whose every instant the level is above none: its highest
     * rank, the counts at its fullest instant (the latest one with the largest total), every item that
     * was present at some instant of it, sorted, and the earliest of their event times.
     */
    record Region(long start, long end, int peakRank, long peakTotal, long peakAt, long[] peakCounts, List<String> itemIds, long earliest) {}

    /** The regions of the level at the instants from {@code from} on, in time order. */
    static List<Region> regions(List<Presence> presences, long from, int kinds, Levels levels) {
        return regions(presences, from, Long.MAX_VALUE, kinds, levels);
    }

    /** The regions of the level at the instants in {@code [from, until)}, in time order (the last one cut at {@code until}). */
    static List<Region> regions(List<Presence> presences, long from, long until, int kinds, Levels levels) {
        Map<Long, List<Move>> moves = new HashMap<>();
        for (Presence presence : presences) {
            if (presence.until() <= from || presence.until() <= presence.from()) {
                continue;
            }
            moves.computeIfAbsent(Math.max(presence.from(), from), at -> new ArrayList<>()).add(new Move(presence, +1));
            moves.computeIfAbsent(presence.until(), at -> new ArrayList<>()).add(new Move(presence, -1));
        }
        List<Long> instants = new ArrayList<>(moves.keySet());
        instants.sort(Comparator.naturalOrder());
        long[] counts = new long[kinds];
        Map<String, Long> present = new HashMap<>();
        Map<String, Integer> presentTimes = new HashMap<>();
        List<Region> regions = new ArrayList<>();
        Builder open = null;
        for (long instant : instants) {
            if (instant >= until) {
                if (open != null) {
                    regions.add(open.build(until));
                }
                return regions;
            }
            for (Move move : moves.get(instant)) {
                Presence presence = move.presence;
                counts[presence.kind()] += move.delta;
                String id = presence.id();
                if (move.delta > 0) {
                    presentTimes.merge(id, 1, Integer::sum);
                    present.put(id, presence.at());
                    if (open != null) {
                        open.add(id, presence.at());
                    }
                } else if (presentTimes.merge(id, -1, Integer::sum) == 0) {
                    presentTimes.remove(id);
                    present.remove(id);
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
            throw new IllegalStateException("a window level that never ends: every presence ends, so the last instant must be below the rule");
        }
        return regions;
    }

    private record Move(Presence presence, int delta) {}

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
            present.forEach(this::add);
        }

        void add(String id, long at) {
            items.add(id);
            earliest = Math.min(earliest, at);
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
