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

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness() throws Exception {
        return AssessFixtures.harness(new MassGatheringRule(RULES), MassGatheringRule::key);
    }

    /** A signal at {@code t}, after a watermark 15 min behind it (the job's out-of-orderness). */
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
    void twoSignalsWithinSixHoursOpenAnOrangeWarningWithItsEvidenceAndTheFirstLeavingClearsIt() throws Exception {
        long t2 = T0 + WINDOW - MINUTE;
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", T0);
            signal(harness, "s2", t2);
            assertEquals(List.of(step("OPENED", "ORANGE", t2)), story(harness));
            WarningChange opened = last(harness);
            assertEquals("R1", opened.rule);
            assertEquals(COMMUNITY, opened.areaCode);
            assertEquals("COMMUNITY", opened.areaLevel);
            assertEquals("R1:" + COMMUNITY + ":" + t2, opened.warningId);
            assertEquals(List.of("s1", "s2"), opened.itemIds);
            assertEquals(Map.of("massGatheringSignals", 2L), opened.counts);
            assertEquals(Map.of("orangeCount", 2.0, "redCount", 4.0, "windowHours", 6.0), opened.thresholds);
            assertEquals(t2 - WINDOW, opened.windowStart);
            assertEquals(t2, opened.windowEnd);
            assertEquals(STREET, opened.routedToStreet);
            assertEquals("STREET", opened.routedToLevel);
            assertEquals(STREET, opened.routedToArea);
            assertTrue(opened.summary.contains("群体聚集") && opened.summary.contains("mass-gathering signals"), opened.summary);
            assertTrue(opened.summary.contains("09:29–15:29"), "the window on the city's clock: " + opened.summary);
            assertFalse(opened.summary.contains("\n"), "one line");

            harness.processWatermark(T0 + WINDOW - 1);
            assertEquals(1, changes(harness).size(), "both signals are still in the window");
            harness.processWatermark(T0 + WINDOW);
            WarningChange cleared = last(harness);
            assertEquals(step("CLEARED", "ORANGE", T0 + WINDOW), story(harness).get(1));
            assertEquals(opened.warningId, cleared.warningId);
            assertEquals(List.of("s2"), cleared.itemIds);
            assertEquals(Map.of("massGatheringSignals", 1L), cleared.counts);
            assertEquals(STREET, cleared.routedToStreet);

            harness.processWatermark(t2 + WINDOW);
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
    void fourSignalsFiftyMinutesApartAsInTheIncidentsFileAreOrangeAtTheSecondAndRedAtTheFourth() throws Exception {
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
            assertEquals(Set.of("R1:" + COMMUNITY + ":" + t[1]), changes(harness).stream().map(c -> c.warningId).collect(Collectors.toSet()),
                    "one warning, updated, never a duplicate");
            assertEquals(List.of("s1", "s2", "s3", "s4"), last(harness).itemIds);
            assertTrue(last(harness).summary.contains("红色") && last(harness).summary.contains("red"), last(harness).summary);

            harness.processWatermark(t[3] + WINDOW);
            assertEquals(List.of(
                    step("UPDATED", "ORANGE", t[0] + WINDOW),
                    step("CLEARED", "ORANGE", t[2] + WINDOW)), story(harness).subList(3, 5),
                    "down to orange when the first leaves, nothing when the second leaves (still 2), cleared when the third leaves");
            assertEquals(5, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aRepeatedSignalAndSignalsOfAnotherCommunityDoNotCount() throws Exception {
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", T0);
            send(harness, massGathering("s1", COMMUNITY, T0 + MINUTE));
            send(harness, massGathering("x1", "210202001002", T0 + 2 * MINUTE));
            assertEquals(List.of(), changes(harness));
            harness.processWatermark(T0 + 2 * WINDOW);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aRestoredSnapshotKeepsTheOpenWarningItsSignalsAndTheirTimers() throws Exception {
        long[] t = {T0, T0 + 50 * MINUTE, T0 + 100 * MINUTE, T0 + 150 * MINUTE};
        OperatorSubtaskState snapshot;
        String warningId;
        try (var harness = harness()) {
            harness.open();
            signal(harness, "s1", t[0]);
            signal(harness, "s2", t[1]);
            warningId = last(harness).warningId;
            snapshot = harness.snapshot(1L, t[1]);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            assertEquals(2, restored.numEventTimeTimers(), "one expiry timer per signal");
            signal(restored, "s3", t[2]);
            signal(restored, "s4", t[3]);
            assertEquals(List.of(step("UPDATED", "ORANGE", t[2]), step("UPDATED", "RED", t[3])), story(restored));
            assertEquals(warningId, last(restored).warningId, "the restored warning is updated, not opened again");
            assertEquals(List.of("s1", "s2", "s3", "s4"), last(restored).itemIds);
            restored.processWatermark(t[3] + WINDOW);
            assertEquals("CLEARED", last(restored).status);
            assertEquals(warningId, last(restored).warningId);
            assertEquals(0, restored.numKeyedStateEntries());
            assertEquals(0, restored.numEventTimeTimers());
        }
    }
}
