package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessFixtures.HOUR;
import static cn.dalian.governance.assess.AssessFixtures.MINUTE;
import static cn.dalian.governance.assess.AssessFixtures.RULES;
import static cn.dalian.governance.assess.AssessFixtures.at;
import static cn.dalian.governance.assess.AssessFixtures.changes;
import static cn.dalian.governance.assess.AssessFixtures.grid;
import static cn.dalian.governance.assess.AssessFixtures.last;
import static cn.dalian.governance.assess.AssessFixtures.massGathering;
import static cn.dalian.governance.assess.AssessFixtures.police;
import static cn.dalian.governance.assess.AssessFixtures.send;
import static cn.dalian.governance.assess.AssessFixtures.step;
import static cn.dalian.governance.assess.AssessFixtures.story;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MassGatheringRuleTest {
    /** The zhongshan incident of infra/scenarios/incidents.json: 4 signals from 09:30, 50 min apart. */
    private static final String COMMUNITY = "210202001001";
    private static final String STREET = "210202001";
    private static final long T0 = at("2026-10-01T09:30:00+08:00");
    private static final long WINDOW = 6 * HOUR;
    /** A warning clears once its condition has failed for the out-of-orderness bound and a clock step. */
    private static final long CLEAR_AFTER = RULES.warningClearAfter().toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness() throws Exception {
        return AssessFixtures.harness(new MassGatheringRule(RULES), MassGatheringRule::key);
    }

    /** A signal at {@code t}, with the watermark 15 min behind it (the clock's out-of-orderness). */
    private static void signal(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, String id, long t) throws Exception {
        harness.processWatermark(t - 15 * MINUTE);
        send(harness, massGathering(id, COMMUNITY, t));
    }

    @Test
    void oneSignalIsBelowOrangeAndRaisesNothingThenLeavesNoStateOnceOutOfTheWindow() throws Exception {
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", T0);
            send(harness, police("p1", COMMUNITY, "PUBLIC_ORDER", "PUBLIC_ORDER", T0 + MINUTE));
            send(harness, grid("g1", COMMUNITY, "PETITION_SIGNAL", T0 + 2 * MINUTE));
            assertEquals(List.of(), changes(harness));
            harness.processWatermark(T0 + WINDOW - 1);
            assertTrue(harness.numKeyedStateEntries() > 0, "the signal is kept while it is in the window");
            harness.processWatermark(T0 + WINDOW);
            assertEquals(List.of(), changes(harness));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void twoSignalsWithinSixHoursOpenOrangeAtTheSecondWhateverTheWatermarkAndClearOnceTheFirstHasLeftForTheBound() throws Exception {
        long t2 = T0 + WINDOW - MINUTE;
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(T0 - 3 * HOUR);
            send(harness, massGathering("s1", COMMUNITY, T0));
            send(harness, massGathering("s2", COMMUNITY, t2));
            assertEquals(List.of(step("OPENED", "ORANGE", t2)), story(harness), "at once, with the watermark hours behind");
            WarningChange opened = last(harness);
            assertEquals("R1", opened.rule);
            assertEquals(1, opened.seq);
            assertEquals(COMMUNITY, opened.areaCode);
            assertEquals("COMMUNITY", opened.areaLevel);
            assertEquals("R1:" + COMMUNITY + ":" + t2, opened.warningId);
            assertEquals(List.of("s1", "s2"), opened.itemIds);
            assertEquals(Map.of("massGatheringSignals", 2L, "episodeSignals", 2L), opened.counts);
            assertEquals(Map.of("orangeCount", 2.0, "redCount", 4.0, "windowHours", 6.0), opened.thresholds);
            assertEquals(T0, opened.windowStart, "the evidence from its first signal");
            assertEquals(t2, opened.windowEnd);
            assertEquals(STREET, opened.routedToStreet);
            assertEquals("STREET", opened.routedToLevel);
            assertEquals(STREET, opened.routedToArea);
            assertTrue(opened.summary.contains("群体聚集") && opened.summary.contains("mass-gathering signals"), opened.summary);
            assertTrue(opened.summary.contains("09:30–15:29"), "the evidence on the city's clock: " + opened.summary);
            assertFalse(opened.summary.contains("\n"), "one line");

            harness.processWatermark(T0 + WINDOW + CLEAR_AFTER - 1);
            assertEquals(1, changes(harness).size(), "below orange since the first left, but not for the whole bound yet");
            harness.processWatermark(T0 + WINDOW + CLEAR_AFTER);
            WarningChange cleared = last(harness);
            assertEquals(step("CLEARED", "ORANGE", T0 + WINDOW), story(harness).get(1), "stamped when the episode ended");
            assertEquals(opened.warningId, cleared.warningId);
            assertEquals(2, cleared.seq);
            assertEquals(List.of("s1", "s2"), cleared.itemIds, "the whole episode's evidence");
            assertEquals(STREET, cleared.routedToStreet);

            harness.processWatermark(t2 + WINDOW + CLEAR_AFTER);
            assertEquals(2, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void twoSignalsExactlySixHoursApartAreNotInOneWindow() throws Exception {
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", T0);
            signal(harness, "s2", T0 + WINDOW);
            assertEquals(List.of(), changes(harness));
            harness.processWatermark(T0 + 2 * WINDOW);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void fourSignalsFiftyMinutesApartAreOrangeAtTheSecondRedAtTheFourthStepDownAsTheyLeaveAndClearAtTheHighestLevel() throws Exception {
        long[] t = {T0, T0 + 50 * MINUTE, T0 + 100 * MINUTE, T0 + 150 * MINUTE};
        try (var harness = harness()) {
            harness.open();
            for (int i = 0; i < t.length; i++) {
                signal(harness, "s" + (i + 1), t[i]);
            }
            assertEquals(List.of(
                    step("OPENED", "ORANGE", t[1]),
                    step("UPDATED", "ORANGE", t[2]),
                    step("UPDATED", "RED", t[3])), story(harness),
                    "3 signals are one below red: still orange, with the grown evidence");
            assertEquals(at("2026-10-01T10:20:00+08:00"), changes(harness).get(0).changedAt);
            assertEquals(at("2026-10-01T12:00:00+08:00"), changes(harness).get(2).changedAt);
            assertEquals(List.of("s1", "s2", "s3", "s4"), last(harness).itemIds);
            assertEquals(4L, last(harness).counts.get("massGatheringSignals"));
            assertTrue(last(harness).summary.contains("红色") && last(harness).summary.contains("red"), last(harness).summary);

            harness.processWatermark(t[3] + WINDOW + CLEAR_AFTER);
            assertEquals(List.of(
                    step("UPDATED", "ORANGE", t[0] + WINDOW),
                    step("CLEARED", "RED", t[2] + WINDOW)), story(harness).subList(3, 5),
                    "down to orange when the first leaves, nothing when the second leaves (still 2), the end when the third leaves;"
                            + " cleared at the highest level it reached");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), changes(harness).stream().map(c -> c.seq).toList(), "numbered in order");
            assertEquals(Set.of("R1:" + COMMUNITY + ":" + t[1]), changes(harness).stream().map(c -> c.warningId).collect(Collectors.toSet()),
                    "one warning, updated, never a duplicate");
            assertEquals(5, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aSignalThatArrivesLateButInsideItsWindowCountsAsIfItHadComeInOrder() throws Exception {
        long[] t = {T0, T0 + 50 * MINUTE, T0 + 100 * MINUTE, T0 + 150 * MINUTE};
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(T0 - 15 * MINUTE);
            send(harness, massGathering("s4", COMMUNITY, t[3]));
            send(harness, massGathering("s2", COMMUNITY, t[1]));
            send(harness, massGathering("s3", COMMUNITY, t[2]));
            assertEquals(List.of(step("OPENED", "ORANGE", t[3]), step("UPDATED", "ORANGE", t[3])), story(harness),
                    "opened when two of the signals known were together (s2 and s4, at s4), grown by s3, never stamped back in time");
            send(harness, massGathering("s1", COMMUNITY, t[0]));
            assertEquals(step("UPDATED", "RED", t[3]), story(harness).get(2), "the late first signal makes four in the window: red");
            assertEquals(List.of("s1", "s2", "s3", "s4"), last(harness).itemIds);
            harness.processWatermark(t[3] + WINDOW + CLEAR_AFTER);
            assertEquals(step("CLEARED", "RED", t[2] + WINDOW), story(harness).get(story(harness).size() - 1));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aNewEpisodeWithinTheBoundOfTheLastOnesEndIsTheSameWarningAndALaterOneIsANewWarning() throws Exception {
        long end = T0 + WINDOW; // the first pair's episode ends when s1 leaves
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", T0);
            signal(harness, "s2", T0 + 10 * MINUTE);
            // s3, s4 (after s2 has left too) start a second stretch 13 min after the first ended: within the bound, one warning.
            signal(harness, "s3", end + 12 * MINUTE);
            signal(harness, "s4", end + 13 * MINUTE);
            assertEquals(List.of(step("OPENED", "ORANGE", T0 + 10 * MINUTE), step("UPDATED", "ORANGE", end + 13 * MINUTE)), story(harness));
            String first = changes(harness).get(0).warningId;
            long secondEnd = end + 12 * MINUTE + WINDOW;
            harness.processWatermark(secondEnd + CLEAR_AFTER);
            assertEquals("CLEARED", last(harness).status);
            assertEquals(first, last(harness).warningId);
            assertEquals(List.of("s1", "s2", "s3", "s4"), last(harness).itemIds);

            long later = secondEnd + CLEAR_AFTER + HOUR;
            signal(harness, "s5", later);
            signal(harness, "s6", later + MINUTE);
            WarningChange reopened = last(harness);
            assertEquals("OPENED", reopened.status);
            assertEquals(1, reopened.seq, "a new warning numbers its changes afresh");
            assertEquals("R1:" + COMMUNITY + ":" + (later + MINUTE), reopened.warningId);
            assertEquals(List.of("s5", "s6"), reopened.itemIds);
            harness.processWatermark(later + MINUTE + WINDOW + CLEAR_AFTER);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aRepeatedSignalASignalAfterItsWindowAndSignalsOfAnotherCommunityDoNotCount() throws Exception {
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", T0);
            send(harness, massGathering("s1", COMMUNITY, T0 + MINUTE));
            send(harness, massGathering("x1", "210202001002", T0 + 2 * MINUTE));
            harness.processWatermark(T0 + WINDOW + HOUR);
            send(harness, massGathering("old", COMMUNITY, T0 + 30 * MINUTE));
            assertEquals(List.of(), changes(harness));
            harness.processWatermark(T0 + 2 * WINDOW);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aRestoredSnapshotGoesOnExactlyAsTheRunWithoutTheRestore() throws Exception {
        long[] t = {T0, T0 + 50 * MINUTE, T0 + 100 * MINUTE, T0 + 150 * MINUTE};
        List<WarningChange> uninterrupted;
        try (var harness = harness()) {
            harness.open();
            for (int i = 0; i < t.length; i++) {
                signal(harness, "s" + (i + 1), t[i]);
            }
            harness.processWatermark(t[3] + WINDOW + CLEAR_AFTER);
            uninterrupted = changes(harness);
        }
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", t[0]);
            signal(harness, "s2", t[1]);
            snapshot = harness.snapshot(1L, t[1]);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            assertEquals(3, restored.numEventTimeTimers(), "one per signal's window end and one at which the episode becomes final");
            signal(restored, "s3", t[2]);
            signal(restored, "s4", t[3]);
            restored.processWatermark(t[3] + WINDOW + CLEAR_AFTER);
            assertEquals(AssessFixtures.render(uninterrupted.subList(1, uninterrupted.size())), AssessFixtures.render(changes(restored)),
                    "the same changes, ids, numbers and evidence");
            assertEquals(0, restored.numKeyedStateEntries());
            assertEquals(0, restored.numEventTimeTimers());
        }
    }
}
