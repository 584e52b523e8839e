package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * The warning of a window rule (R1 mass gathering, R3 convergence, R4 repeat caller) for one key,
 * judged as each item arrives. Keyed state: the open warning with its episode; the rule keeps its items
 * and hands their {@link SlidingWindow.Presence presences} in.
 *
 * <p>An <em>episode</em> is a stretch of event time in which the rule's level is above none, gaps
 * shorter than {@code clearAfter} (the out-of-orderness bound plus a clock step,
 * {@link AssessmentRules#warningClearAfter()}) included. On each arrival the rule's level is worked out,
 * from the items known, at every instant from the watermark on, and at once:
 * <ul>
 *   <li>a warning opens when an episode begins (stamped with its first instant, at the level of its
 *       worst instant so far), or</li>
 *   <li>the open warning is updated when its level from the watermark on, or its evidence, changed.</li>
 * </ul>
 * The rule's timers (where an item stops counting) judge again, so the level steps down; the warning
 * clears (stamped with the episode's end, at the highest level it reached) once the watermark has passed
 * the episode's end by {@code clearAfter}: only then can no evidence still on its way reach it. An
 * episode that begins while the previous one's end is not final yet is opened when it is, at most
 * {@code clearAfter} later; until then the previous warning is still open.
 *
 * <p>Order-insensitive: an item that arrives late but inside the out-of-orderness bound counts exactly as
 * if it had come in order. For a <em>monotone</em> rule (more evidence never lowers the level: R1, R3) a
 * warning's highest level, evidence (every item that counted towards its episode) and end therefore do
 * not depend on the arrival order. A rule whose evidence can be relieved (R4: a case closing) can see
 * a relief arrive after the evidence it precedes; when that leaves an episode that began after the
 * watermark without any instant above none, the warning is withdrawn: cleared at the instant it opened,
 * with a summary that says so. Apart from such withdrawn warnings, the set of warnings is the same in any
 * arrival order within the bound.
 */
final class WindowEpisodes {
    /** What a window rule brings: its name, kinds of items, levels and how it explains a change. */
    interface Rule {
        String name();

        int kinds();

        SlidingWindow.Levels levels();

        /** The level name of a rank above 0, e.g. ORANGE. */
        String level(int rank);

        /**
         * The evidence of a change of {@code episode} (its warning's fields, peak and evidence updated)
         * published at {@code level} and {@code at}; {@code cleared} for the CLEARED change.
         */
        Evidence evidence(String key, OpenWarning episode, String level, long at, boolean cleared, String street);
    }

    private final Rule rule;
    private final long clearAfter;
    private final boolean monotone;
    private final ValueState<OpenWarning> warning;
    private final ValueState<String> street;

    WindowEpisodes(RuntimeContext context, Rule rule, long clearAfter, boolean monotone) {
        this.rule = requireNonNull(rule, "rule is null");
        if (clearAfter <= 0) {
            throw new IllegalArgumentException("clearAfter must be positive");
        }
        this.clearAfter = clearAfter;
        this.monotone = monotone;
        String prefix = rule.name().toLowerCase(java.util.Locale.ROOT);
        this.warning = context.getState(new ValueStateDescriptor<>(prefix + "-warning", OpenWarning.class));
        this.street = context.getState(new ValueStateDescriptor<>(prefix + "-street", String.class));
    }

    /**
     * Judges the instants from {@code from} on, from {@code presences}, for the warning about {@code area}
     * (a community) routed to {@code streetCode} (null: as before); a change is stamped no earlier than
     * {@code hint}. Returns whether a warning is open afterwards; with no presence and none open, the
     * episode state is gone.
     */
    boolean judge(String key, String area, List<SlidingWindow.Presence> presences, long from, long hint, String streetCode,
            TimerService timers, Collector<WarningChange> out) throws Exception {
        if (streetCode != null) {
            street.update(streetCode);
        }
        if (monotone && warning.value() == null && !reachable(presences, from)) {
            return finish(presences, false); // no instant can be above none: no region, nothing to open
        }
        String routedTo = street.value() == null ? "" : street.value();
        List<SlidingWindow.Region> regions = SlidingWindow.regions(presences, from, rule.kinds(), rule.levels());
        OpenWarning open = warning.value();
        int next = 0;
        if (open != null && !monotone) {
            settle(open, presences, from);
        }
        if (open != null) {
            int rank = 0;
            long end = Long.MIN_VALUE;
            while (next < regions.size() && regions.get(next).start() < open.episodeEnd + clearAfter) {
                SlidingWindow.Region region = regions.get(next++);
                absorb(open, region);
                rank = Math.max(rank, region.peakRank());
                end = Math.max(end, region.end());
            }
            if (!monotone) {
                // Evidence can be relieved: the episode's end from the watermark on is what the items say now.
                if (rank == 0 && open.episodeStart >= from && open.episodeEnd > from) {
                    out.collect(WarningBook.clear(open, rule.name(), open.peakLevel, open.changedAt, withdrawn(
                            rule.evidence(key, open, open.peakLevel, open.changedAt, true, routedTo))));
                    warning.clear();
                    return finish(presences, false);
                }
                open.episodeEnd = rank == 0 ? Math.min(open.episodeEnd, Math.max(from, open.changedAt)) : Math.max(end, Math.min(open.episodeEnd, from));
            }
            if (from >= open.episodeEnd + clearAfter) {
                out.collect(WarningBook.clear(open, rule.name(), open.peakLevel,
                        open.episodeEnd, rule.evidence(key, open, open.peakLevel, Math.max(open.changedAt, open.episodeEnd), true, routedTo)));
                warning.clear();
                open = null;
            } else {
                if (rank > 0) {
                    String level = rule.level(rank);
                    long at = Math.max(open.changedAt, hint);
                    WarningChange change = WarningBook.update(open, rule.name(), level, at, rule.evidence(key, open, level, at, false, routedTo));
                    if (change != null) {
                        out.collect(change);
                    }
                }
                scheduleFinal(open, timers);
                warning.update(open);
            }
        }
        if (open == null && next < regions.size()) {
            SlidingWindow.Region first = regions.get(next++);
            OpenWarning opened = new OpenWarning();
            opened.episodeStart = first.start();
            opened.episodeEnd = first.start();
            opened.peakTotal = -1;
            absorb(opened, first);
            int rank = first.peakRank();
            while (next < regions.size() && regions.get(next).start() < opened.episodeEnd + clearAfter) {
                SlidingWindow.Region region = regions.get(next++);
                absorb(opened, region);
                rank = Math.max(rank, region.peakRank());
            }
            String level = rule.level(rank);
            long at = first.start();
            out.collect(WarningBook.open(opened, rule.name(), area, "COMMUNITY", rule.name() + ":" + area + ":" + at, level,
                    at, rule.evidence(key, opened, level, at, false, routedTo)));
            scheduleFinal(opened, timers);
            warning.update(opened);
            open = opened;
        }
        return finish(presences, open != null);
    }

    boolean isOpen() throws Exception {
        return warning.value() != null;
    }

    /**
     * Whether a judgement can change anything, for a monotone rule given the items of each kind it keeps:
     * a warning is open, or all of them together reach the rule's level. When not, no instant has as many
     * items as that, so the level is none throughout and judging can be left to the items' timers.
     */
    boolean mayWarn(long[] totals) throws Exception {
        if (!monotone) {
            throw new IllegalStateException(rule.name() + " is not monotone: fewer items can warn where more do not");
        }
        return warning.value() != null || rule.levels().rank(totals) > 0;
    }

    /** Whether all presences from {@code from} on together reach the rule's level (monotone rules only). */
    private boolean reachable(List<SlidingWindow.Presence> presences, long from) {
        long[] counts = new long[rule.kinds()];
        for (SlidingWindow.Presence presence : presences) {
            if (presence.until() > from && presence.until() > presence.from()) {
                counts[presence.kind()]++;
            }
        }
        return rule.levels().rank(counts) > 0;
    }

    private boolean finish(List<SlidingWindow.Presence> presences, boolean open) {
        if (!open && presences.isEmpty()) {
            warning.clear();
            street.clear();
        }
        return open;
    }

    private static Evidence withdrawn(Evidence evidence) {
        return new Evidence(evidence.windowStart(), evidence.windowEnd(), evidence.itemIds(), evidence.counts(), evidence.thresholds(),
                evidence.routedToStreet(), evidence.routedToLevel(), evidence.routedToArea(),
                evidence.summary() + "；撤回：其后到达的办结记录表明条件从未成立 / withdrawn: a closing that arrived later shows the condition never held");
    }

    /**
     * A relievable rule's episode: folds the instants that became final since the last judgement (up to the
     * watermark {@code from}) into its settled peak, and starts its peak afresh from there, so that a count
     * only partial evidence ever showed does not stay.
     */
    private void settle(OpenWarning episode, List<SlidingWindow.Presence> presences, long from) {
        long settledFrom = Math.max(episode.settledUntil, episode.episodeStart);
        if (from > settledFrom) {
            for (SlidingWindow.Region region : SlidingWindow.regions(presences, settledFrom, from, rule.kinds(), rule.levels())) {
                if (region.peakTotal() > episode.settledPeakTotal || region.peakTotal() == episode.settledPeakTotal && region.peakAt() > episode.settledPeakAt) {
                    episode.settledPeakTotal = region.peakTotal();
                    episode.settledPeakAt = region.peakAt();
                    episode.settledPeakCounts = countsByKind(region.peakCounts());
                }
            }
            episode.settledUntil = from;
        }
        episode.peakTotal = episode.settledPeakTotal;
        episode.peakAt = episode.settledPeakAt;
        episode.peakCounts = new TreeMap<>(episode.settledPeakCounts);
    }

    /** Adds a region to an episode: its start, end, highest level, fullest instant and items. */
    private void absorb(OpenWarning episode, SlidingWindow.Region region) {
        episode.episodeStart = Math.min(episode.episodeStart, region.start());
        episode.episodeEnd = Math.max(episode.episodeEnd, region.end());
        String level = rule.level(region.peakRank());
        if (episode.peakLevel == null || region.peakRank() > rankOf(episode.peakLevel)) {
            episode.peakLevel = level;
        }
        if (region.peakTotal() > episode.peakTotal || region.peakTotal() == episode.peakTotal && region.peakAt() > episode.peakAt) {
            episode.peakTotal = region.peakTotal();
            episode.peakAt = region.peakAt();
            episode.peakCounts = countsByKind(region.peakCounts());
        }
        TreeSet<String> evidence = new TreeSet<>(episode.evidence);
        evidence.addAll(region.itemIds());
        episode.evidence = new ArrayList<>(evidence);
        episode.evidenceFrom = Math.min(episode.evidenceFrom, region.earliest());
    }

    private int rankOf(String level) {
        for (int rank = 1; rank <= 8; rank++) {
            if (level.equals(rule.level(rank))) {
                return rank;
            }
        }
        throw new IllegalStateException(rule.name() + " has no level " + level);
    }

    private static Map<String, Long> countsByKind(long[] counts) {
        Map<String, Long> byKind = new TreeMap<>();
        for (int kind = 0; kind < counts.length; kind++) {
            byKind.put(String.valueOf(kind), counts[kind]);
        }
        return byKind;
    }

    /** A timer at the instant the episode becomes final (an earlier one left behind only judges again). */
    private void scheduleFinal(OpenWarning episode, TimerService timers) {
        long finalAt = episode.episodeEnd + clearAfter;
        if (episode.finalAt != finalAt) {
            episode.finalAt = finalAt;
            timers.registerEventTimeTimer(finalAt);
        }
    }
}
