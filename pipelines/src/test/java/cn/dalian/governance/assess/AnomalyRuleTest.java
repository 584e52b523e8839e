package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessRuleFixtures.COMMUNITY;
import static cn.dalian.governance.assess.AssessRuleFixtures.HOUR;
import static cn.dalian.governance.assess.AssessRuleFixtures.MINUTE;
import static cn.dalian.governance.assess.AssessRuleFixtures.SIX_AM;
import static cn.dalian.governance.assess.AssessRuleFixtures.STREET;
import static cn.dalian.governance.assess.AssessRuleFixtures.item;
import static cn.dalian.governance.assess.AssessRuleFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AnomalyRuleTest {
    private static final AssessmentRules RULES = AssessmentRules.loadDefault();
    /** Defaults of rules.properties: 72 hours of warm-up, 3 sigma, at least 5, alpha 0.05. */
    private static final int WARMUP = RULES.r2WarmupHours();
    private static final double EXACT = 1e-9;

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness() throws Exception {
        var harness = AssessRuleFixtures.harness(new AnomalyRule(RULES), t -> t.communityCode);
        harness.open();
        return harness;
    }

    private static long hourStart(int hour) {
        return SIX_AM + hour * HOUR;
    }

    /** {@code count} new items in hour number {@code hour} (counted from 06:00 on 1 October), not yet closed. */
    private static List<String> items(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, int hour, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "GRID-" + hour + "-" + (char) ('a' + i % 26) + i / 26;
            send(harness, item("GRID", id, null, "COLLECTED", hourStart(hour) + i * MINUTE % HOUR));
            ids.add(id);
        }
        return ids;
    }

    /** The assess clock says the hour is final: its tick for the community, then the watermark past its end. */
    private static void tick(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, int hour) throws Exception {
        harness.processElement(ItemTransition.tick("COMMUNITY", COMMUNITY, hourStart(hour)), hourStart(hour));
        harness.processWatermark(hourStart(hour + 1));
    }

    /** Plays one hour: its items, then its tick. */
    private static List<String> hour(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, int hour, int count) throws Exception {
        List<String> ids = items(harness, hour, count);
        tick(harness, hour);
        return ids;
    }

    /**
     * Plays the hours of {@code counts} and returns the baseline an hour right after them is judged
     * against: every hour but the last ({@link AssessmentRules#r2BaselineLagHours()} is 1 at the default bound).
     */
    private static Ewma history(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, int... counts) throws Exception {
        assertEquals(1, RULES.r2BaselineLagHours(), "the default bound keeps one hour out of the baseline");
        Ewma baseline = Ewma.start(RULES.r2Alpha());
        for (int h = 0; h < counts.length; h++) {
            hour(harness, h, counts[h]);
            if (h < counts.length - 1) {
                baseline = baseline.update(counts[h]);
            }
        }
        return baseline;
    }

    private static int[] steady(int hours, int count) {
        int[] counts = new int[hours];
        Arrays.fill(counts, count);
        return counts;
    }

    /** State classes are Flink POJOs all the way down, so snapshots do not fall back to Kryo. */
    static void assertSerializedWithoutKryo(Class<?> type) {
        PojoTypeInfo<?> pojo = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(type));
        for (int i = 0; i < pojo.getArity(); i++) {
            TypeInformation<?> field = pojo.getPojoFieldAt(i).getTypeInformation();
            assertFalse(field instanceof GenericTypeInfo, type.getSimpleName() + "." + pojo.getPojoFieldAt(i).getField().getName() + " is a generic type");
        }
    }

    private static List<String> changes(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness) {
        return harness.extractOutputValues().stream().map(c -> c.status + " " + c.level).toList();
    }

    @Test
    void raisesNothingDuringWarmUpWhateverTheCount() throws Exception {
        try (var harness = harness()) {
            history(harness, steady(WARMUP, 1));
            hour(harness, WARMUP, 30);
            assertEquals(List.of(), changes(harness), "the hour is judged against only " + (WARMUP - 1) + " observed hours");
        }
    }

    /** Four days alternating 2 and 6 items an hour: mean about 4, sigma about 2, threshold about 10. */
    private static int[] alternating() {
        int[] counts = new int[96];
        for (int h = 0; h < counts.length; h++) {
            counts[h] = h % 2 == 0 ? 2 : 6;
        }
        return counts;
    }

    @Test
    void anHourJustBelowTheThresholdRaisesNothing() throws Exception {
        int[] counts = alternating();
        try (var harness = harness()) {
            Ewma baseline = history(harness, counts);
            double threshold = baseline.mean() + RULES.r2Sigma() * baseline.sigma();
            int below = (int) Math.floor(threshold);
            assertTrue(below >= RULES.r2MinCount(), "the history makes the sigma rule the deciding one: threshold " + threshold);
            hour(harness, counts.length, below);
            assertEquals(List.of(), changes(harness), below + " items against a threshold of " + threshold);
        }
    }

    @Test
    void anHourRaisesYellowAtTheItemThatTakesItJustAboveTheThresholdWhateverTheWatermark() throws Exception {
        int[] counts = alternating();
        try (var harness = harness()) {
            Ewma baseline = history(harness, counts);
            double threshold = baseline.mean() + RULES.r2Sigma() * baseline.sigma();
            int above = (int) Math.floor(threshold) + 1;
            items(harness, counts.length, above - 1);
            assertEquals(List.of(), changes(harness));
            send(harness, item("GRID", "GRID-one-more", null, "COLLECTED", hourStart(counts.length) + (above - 1) * MINUTE));
            assertEquals(List.of("OPENED YELLOW"), changes(harness), "at once, before the hour ends");
            assertEquals(threshold, harness.extractOutputValues().get(0).thresholds.get("threshold"), EXACT);
            assertEquals(hourStart(counts.length) + (above - 1) * MINUTE, harness.extractOutputValues().get(0).changedAt, "stamped with that item");
        }
    }

    @Test
    void anHourAboveTheThresholdWithFiveItemsRaisesYellowWithItsEvidence() throws Exception {
        try (var harness = harness()) {
            Ewma baseline = history(harness, steady(WARMUP + 1, 1));
            assertEquals(1.0, baseline.mean(), EXACT);
            assertEquals(0.0, baseline.sigma(), EXACT);
            List<String> ids = items(harness, WARMUP + 1, 5);
            assertEquals(List.of("OPENED YELLOW"), changes(harness));
            WarningChange yellow = harness.extractOutputValues().get(0);
            assertEquals("R2", yellow.rule);
            assertEquals(1L, yellow.seq);
            assertEquals(COMMUNITY, yellow.areaCode);
            assertEquals("COMMUNITY", yellow.areaLevel);
            assertEquals(hourStart(WARMUP + 1) + 4 * MINUTE, yellow.changedAt, "judged as the fifth item arrived");
            assertEquals("R2:" + COMMUNITY + ":" + yellow.changedAt, yellow.warningId);
            assertEquals(hourStart(WARMUP + 1), yellow.windowStart);
            assertEquals(yellow.changedAt, yellow.windowEnd);
            assertEquals(ids, yellow.itemIds);
            assertEquals(5L, yellow.counts.get("count"));
            assertEquals((long) WARMUP, yellow.counts.get("observedHours"));
            assertEquals(1L, yellow.counts.get("anomalousHours"));
            assertEquals(1.0, yellow.thresholds.get("mean"), EXACT);
            assertEquals(0.0, yellow.thresholds.get("sigma"), EXACT);
            assertEquals(1.0, yellow.thresholds.get("threshold"), EXACT);
            assertEquals(5.0, yellow.thresholds.get("minCount"));
            assertEquals(STREET, yellow.routedToStreet);
            assertEquals("STREET", yellow.routedToLevel);
            assertEquals(STREET, yellow.routedToArea);
            assertTrue(yellow.summary.contains("5 new items in 2026-10-04 07:00–08:00 (Asia/Shanghai)"), yellow.summary);
        }
    }

    @Test
    void anHourAboveTheSigmaRuleButBelowFiveItemsRaisesNothing() throws Exception {
        try (var harness = harness()) {
            history(harness, steady(WARMUP + 1, 1));
            hour(harness, WARMUP + 1, RULES.r2MinCount() - 1);
            assertEquals(List.of(), changes(harness), "4 > 1 + 3 x 0 but fewer than 5");
        }
    }

    @Test
    void theFollowingHourOnceFinalAndNormalClearsTheWarningAtItsEnd() throws Exception {
        try (var harness = harness()) {
            history(harness, steady(WARMUP + 1, 1));
            hour(harness, WARMUP + 1, 5);
            items(harness, WARMUP + 2, 1);
            assertEquals(List.of("OPENED YELLOW"), changes(harness), "the next hour is not final yet");
            tick(harness, WARMUP + 2);
            assertEquals(List.of("OPENED YELLOW", "CLEARED YELLOW"), changes(harness));
            List<WarningChange> all = harness.extractOutputValues();
            assertEquals(all.get(0).warningId, all.get(1).warningId);
            assertEquals(2L, all.get(1).seq);
            assertEquals(hourStart(WARMUP + 3), all.get(1).changedAt);
            assertEquals(5L, all.get(1).counts.get("count"), "the episode's fullest hour");
        }
    }

    @Test
    void anAnomalousHourRightAfterAnotherUpdatesTheSameWarning() throws Exception {
        try (var harness = harness()) {
            history(harness, steady(WARMUP + 1, 1));
            hour(harness, WARMUP + 1, 5);
            List<String> second = items(harness, WARMUP + 2, 8);
            assertEquals(List.of("OPENED YELLOW", "UPDATED YELLOW", "UPDATED YELLOW", "UPDATED YELLOW", "UPDATED YELLOW"), changes(harness),
                    "the hour is anomalous from its 5th item on (the baseline barely moved), each one more evidence");
            WarningChange last = harness.extractOutputValues().get(4);
            assertEquals(harness.extractOutputValues().get(0).warningId, last.warningId);
            assertEquals(8L, last.counts.get("count"));
            assertEquals(2L, last.counts.get("anomalousHours"));
            assertTrue(last.itemIds.containsAll(second));
        }
    }

    @Test
    void hoursWithoutItemsCountAsZeroInTheBaseline() throws Exception {
        int hours = WARMUP + 8;
        try (var harness = harness()) {
            Ewma expected = Ewma.start(RULES.r2Alpha());
            for (int h = 0; h < hours; h++) {
                int count = h % 2 == 0 ? 1 : 0;
                hour(harness, h, count);
                if (h < hours - 1) {
                    expected = expected.update(count);
                }
            }
            items(harness, hours, 5);
            assertEquals(List.of("OPENED YELLOW"), changes(harness));
            WarningChange yellow = harness.extractOutputValues().get(0);
            assertEquals((long) hours - 1, yellow.counts.get("observedHours"), "every hour counted, the empty ones as 0");
            assertEquals(expected.mean(), yellow.thresholds.get("mean"), EXACT);
            assertEquals(expected.sigma(), yellow.thresholds.get("sigma"), EXACT);
            assertEquals(0, harness.numEventTimeTimers(), "the clock's ticks drive the hours: no timers");
        }
    }

    @Test
    void theSameItemTwiceCountsOnce() throws Exception {
        try (var harness = harness()) {
            history(harness, steady(WARMUP + 1, 1));
            List<String> four = items(harness, WARMUP + 1, 4);
            send(harness, item("GRID", four.get(0), null, "COLLECTED", hourStart(WARMUP + 1) + 30 * MINUTE));
            tick(harness, WARMUP + 1);
            assertEquals(List.of(), changes(harness), "four items, one of them twice: not five");
        }
    }

    @Test
    void anItemOfAnHourAlreadyFinalAndLaterTransitionsAreNotCounted() throws Exception {
        try (var harness = harness()) {
            history(harness, steady(WARMUP + 1, 1));
            List<String> onTime = items(harness, WARMUP + 1, 4);
            send(harness, item("GRID", onTime.get(0), "COLLECTED", "ASSIGNED", hourStart(WARMUP + 1) + 50 * MINUTE));
            tick(harness, WARMUP + 1);
            send(harness, item("GRID", "GRID-late", null, "COLLECTED", hourStart(WARMUP + 1) + 59 * MINUTE));
            tick(harness, WARMUP + 2);
            assertEquals(List.of(), changes(harness));
        }
    }

    @Test
    void aQuietCommunityDropsAllStateAfterTheBaselineWindow() throws Exception {
        try (var harness = harness()) {
            hour(harness, 0, 1);
            // mean after hour h (h >= 1, no items) is 0.95^h; quiet from the end of the first hour below 0.01
            Ewma ewma = Ewma.start(RULES.r2Alpha()).update(1);
            int h = 0;
            while (ewma.mean() >= AnomalyRule.QUIET_MEAN) {
                ewma = ewma.update(0);
                h++;
            }
            int quietHours = (int) (RULES.r2BaselineWindow().toMillis() / HOUR);
            assertEquals(Duration.ofDays(14).toMillis(), quietHours * HOUR);
            for (int hour = 1; hour < h + quietHours; hour++) {
                tick(harness, hour);
            }
            assertTrue(harness.numKeyedStateEntries() > 0, "still quiet for less than the baseline window");
            tick(harness, h + quietHours);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
            assertEquals(List.of(), changes(harness));
            tick(harness, h + quietHours + 1);
            assertEquals(0, harness.numKeyedStateEntries(), "a tick alone starts no history");
        }
    }

    @Test
    void keepsTheBaselineAcrossARestoreFromASnapshotTakenMidway() throws Exception {
        assertSerializedWithoutKryo(AnomalyRule.Baseline.class);
        assertSerializedWithoutKryo(AnomalyRule.HourCount.class);
        assertSerializedWithoutKryo(Ewma.State.class);
        assertSerializedWithoutKryo(OpenWarning.class);
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            history(harness, steady(40, 1));
            items(harness, 40, 1);
            snapshot = harness.snapshot(1L, hourStart(40) + MINUTE);
        }
        try (var harness = AssessRuleFixtures.harness(new AnomalyRule(RULES), t -> t.communityCode)) {
            harness.initializeState(snapshot);
            harness.open();
            tick(harness, 40);
            for (int h = 41; h <= WARMUP; h++) {
                hour(harness, h, 1);
            }
            hour(harness, WARMUP + 1, 5);
            assertEquals(List.of("OPENED YELLOW"), changes(harness));
            WarningChange yellow = harness.extractOutputValues().get(0);
            assertEquals((long) WARMUP, yellow.counts.get("observedHours"));
            assertEquals(1.0, yellow.thresholds.get("mean"), EXACT, "the hour counted before the snapshot is in the baseline");
        }
    }
}
