package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The stability tracker on 南丰社区 (210211006004, 9 000 residents in reference/areas.csv) of 中华路街道
 * (210211006, 116 440 residents: the sum of its 9 communities). Expected rows are worked out by hand
 * from DESIGN §7 and the shipped rules.properties (weights 0.20 / 0.15 / 0.25 / 0.15 / 0.15 / 0.10,
 * thresholds 3.0 / 2.0 / 6.0 / 4.0 / 0.5 per 10 000 and a 0.30 share, bands 85 / 70 / 55).
 */
class StabilityTrackerTest {
    private static final String COMMUNITY = "210211006004";
    private static final long COMMUNITY_POPULATION = 9_000;
    private static final String STREET = "210211006";
    private static final long STREET_POPULATION = 116_440;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final double EPSILON = 1e-9;
    /** 10:00 on 1 October 2026 in Dalian (UTC+8). */
    private static final long TEN = at("2026-10-01T10:00:00+08:00");

    private static long at(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant().toEpochMilli();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, StabilityRow> harness(KeySelector<ItemTransition, String> key) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, StabilityRow>(
                new KeyedProcessOperator<>(new StabilityTracker(AssessmentRules.loadDefault())), key, Types.STRING);
        harness.setup();
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, StabilityRow> byCommunity() throws Exception {
        return harness(t -> t.communityCode);
    }

    private static ItemTransition item(String source, String itemId, String group, String previous, String state, long at) {
        ItemTransition t = new ItemTransition();
        t.itemId = itemId;
        t.eventId = itemId + "/" + state + "/" + at;
        t.source = source;
        t.previousState = previous;
        t.state = state;
        t.occurredAt = at;
        t.communityCode = COMMUNITY;
        t.streetCode = STREET;
        t.districtCode = "210211";
        t.matterGroup = group;
        t.matterCode = group + "-01";
        t.urgency = "NORMAL";
        t.personKeys = List.of();
        return t;
    }

    private static ItemTransition gridItem(String itemId, String group, long at, long resolveDueAt) {
        ItemTransition t = item("GRID", itemId, group, null, "COLLECTED", at);
        t.gridCode = COMMUNITY + "001";
        t.resolveDueAt = resolveDueAt;
        return t;
    }

    private static ItemTransition gridClosed(String itemId, long at) {
        return item("GRID", itemId, "PUBLIC_FACILITIES", "VERIFIED", "CLOSED", at);
    }

    private static ItemTransition hotline(String itemId, String caller, String group, String requestType, long at) {
        ItemTransition t = item("HOTLINE", itemId, group, null, "RECEIVED", at);
        t.requestType = requestType;
        t.personKeys = List.of(caller, caller + "-name");
        return t;
    }

    private static ItemTransition hotlineClosed(String itemId, String satisfaction, long at) {
        ItemTransition t = item("HOTLINE", itemId, "PUBLIC_FACILITIES", "REPLIED", "CLOSED", at);
        t.requestType = "REQUEST";
        t.satisfaction = satisfaction;
        return t;
    }

    private static ItemTransition police(String itemId, String signalType, int riskLevel, long at) {
        ItemTransition t = item("POLICE", itemId, "PUBLIC_SECURITY", null, "SIGNALLED", at);
        t.signalType = signalType;
        t.riskLevel = riskLevel;
        return t;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, StabilityRow> harness, ItemTransition t) throws Exception {
        harness.processElement(t, t.occurredAt);
    }

    private static List<StabilityRow> rows(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, StabilityRow> harness) {
        return harness.extractOutputValues();
    }

    /** The emitted row of the hour starting at {@code hourStart}; exactly one. */
    private static StabilityRow row(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, StabilityRow> harness, long hourStart) {
        List<StabilityRow> matching = rows(harness).stream().filter(r -> r.hourStart == hourStart).toList();
        assertEquals(1, matching.size(), "one row for the hour starting at " + hourStart + ": " + rows(harness));
        return matching.get(0);
    }

    /** The busy hour 10:00–11:00 of the community. */
    private static void busyHour(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, StabilityRow> harness) throws Exception {
        harness.processWatermark(TEN - 15 * MINUTE);
        send(harness, hotline("H1", "caller-x", "PUBLIC_FACILITIES", "REQUEST", TEN));
        send(harness, hotline("H2", "caller-y", "PUBLIC_FACILITIES", "REQUEST", TEN + MINUTE));
        send(harness, hotline("H3", "caller-z", "PUBLIC_FACILITIES", "REQUEST", TEN + 2 * MINUTE));
        // A dispute due in 25 minutes, and another item due at 12:30.
        send(harness, gridItem("G1", "DISPUTE", TEN + 5 * MINUTE, TEN + 30 * MINUTE));
        send(harness, gridItem("G2", "PUBLIC_FACILITIES", TEN + 40 * MINUTE, TEN + 150 * MINUTE));
        // Caller A complains twice about the same group: the second is a repeat.
        send(harness, hotline("C1", "caller-a", "PUBLIC_FACILITIES", "COMPLAINT", TEN + 10 * MINUTE));
        send(harness, hotline("C2", "caller-a", "PUBLIC_FACILITIES", "COMPLAINT", TEN + 20 * MINUTE));
        // A level-2 public-order signal: weight 2.
        send(harness, police("P1", "PUBLIC_ORDER", 2, TEN + 30 * MINUTE));
        // Rated closings: one unsatisfied, one satisfied; NOT_RATED is not rated.
        send(harness, hotlineClosed("H1", "UNSATISFIED", TEN + 50 * MINUTE));
        send(harness, hotlineClosed("H2", "SATISFIED", TEN + 51 * MINUTE));
        send(harness, hotlineClosed("H3", "NOT_RATED", TEN + 52 * MINUTE));
    }

    @Test
    void emitsTheHourlyIndexOfACommunityAsWorkedOutByHandAndLeavesNoStateOnceEverythingHasPassed() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = byCommunity()) {
            harness.open();
            busyHour(harness);
            assertEquals(List.of(), rows(harness), "nothing before the watermark passes 11:00");
            assertEquals(1, harness.numEventTimeTimers(), "one timer for the area, at 11:00");
            snapshot = harness.snapshot(1L, TEN + HOUR);
        }
        try (var harness = byCommunity()) {
            harness.initializeState(snapshot);
            harness.open();
            harness.processWatermark(TEN + HOUR);

            StabilityRow eleven = row(harness, TEN);
            assertEquals(COMMUNITY, eleven.areaCode);
            assertEquals("COMMUNITY", eleven.areaLevel);
            assertEquals(COMMUNITY_POPULATION, eleven.population);
            // 9 000 residents, window 10-01 11:00 − 24 h .. 11:00:
            // disputes:    1 (G1)  → rate 1 × 10 000 / 9 000 = 1.111111;  p = 1.111111 / 3.0 = 0.370370;  100 × 0.20 × p = 7.407407
            assertComponent(1, 1.111111111, 7.407407407, eleven.disputes, eleven.disputesRate, eleven.disputesContribution);
            // overdue:     1 (G1 due 10:30; G2 due 12:30 is not yet) → rate 1.111111;  p = 1.111111 / 2.0 = 0.555556;  × 0.15 × 100 = 8.333333
            assertComponent(1, 1.111111111, 8.333333333, eleven.overdue, eleven.overdueRate, eleven.overdueContribution);
            // police risk: one level-2 signal, weight 2 → rate 2.222222;  p = 2.222222 / 6.0 = 0.370370;  × 0.25 × 100 = 9.259259
            assertEquals(1, eleven.policeSignals);
            assertEquals(2.0, eleven.policeRiskWeight);
            assertEquals(2.222222222, eleven.policeRiskRate, 1e-6);
            assertEquals(9.259259259, eleven.policeRiskContribution, 1e-6);
            // complaints:  2, of which 1 repeat counted twice → 3 → rate 3.333333;  p = 3.333333 / 4.0 = 0.833333;  × 0.15 × 100 = 12.5
            assertEquals(2, eleven.complaints);
            assertEquals(1, eleven.repeatComplaints);
            assertEquals(3.333333333, eleven.complaintsRate, 1e-6);
            assertEquals(12.5, eleven.complaintsContribution, 1e-6);
            // mass gathering: 0
            assertComponent(0, 0, 0, eleven.massGatheringSignals, eleven.massGatheringRate, eleven.massGatheringContribution);
            // unsatisfied: 1 of 2 rated (NOT_RATED excluded) = 0.5;  0.5 / 0.30 = 1.67 → p = 1;  × 0.10 × 100 = 10
            assertEquals(2, eleven.rated);
            assertEquals(1, eleven.unsatisfied);
            assertEquals(0.5, eleven.unsatisfiedShare);
            assertEquals(10.0, eleven.unsatisfiedContribution, EPSILON);
            // Σ = 7.407407 + 8.333333 + 9.259259 + 12.5 + 0 + 10 = 47.5 points → index 52.50 → below 55: HIGH_RISK (高风险)
            assertEquals(52.50, eleven.index);
            assertEquals("HIGH_RISK", eleven.band);
            assertEquals("高风险", eleven.bandLabel);
            assertEquals(List.of("C1", "C2", "G1", "H1", "P1"), eleven.itemIds, "the items behind the counts");

            // 12:00: nothing new; G2 (due 12:30) is still not overdue: the same 52.50.
            harness.processWatermark(TEN + 2 * HOUR);
            StabilityRow twelve = row(harness, TEN + HOUR);
            assertEquals(1, twelve.overdue);
            assertEquals(52.50, twelve.index);

            // 13:00: G2 is past its deadline: overdue 2 → rate 2.222222; 2.222222 / 2.0 = 1.11 → p = 1 → 15 points
            // Σ = 7.407407 + 15 + 9.259259 + 12.5 + 0 + 10 = 54.166667 → index 45.83, HIGH_RISK
            harness.processWatermark(TEN + 3 * HOUR);
            StabilityRow thirteen = row(harness, TEN + 2 * HOUR);
            assertEquals(2, thirteen.overdue);
            assertEquals(15.0, thirteen.overdueContribution, EPSILON);
            assertEquals(45.83, thirteen.index);
            assertEquals(List.of("C1", "C2", "G1", "G2", "H1", "P1"), thirteen.itemIds);

            // Everything closes between 13:00 and 14:00 (closings without a rating count nothing).
            send(harness, gridClosed("G1", TEN + 3 * HOUR + 10 * MINUTE));
            send(harness, gridClosed("G2", TEN + 3 * HOUR + 20 * MINUTE));
            send(harness, hotlineClosed("C1", null, TEN + 3 * HOUR + 30 * MINUTE));
            send(harness, hotlineClosed("C2", null, TEN + 3 * HOUR + 40 * MINUTE));
            // 14:00: no overdue: Σ = 7.407407 + 0 + 9.259259 + 12.5 + 0 + 10 = 39.166667 → index 60.83, ATTENTION (关注)
            harness.processWatermark(TEN + 4 * HOUR);
            StabilityRow fourteen = row(harness, TEN + 3 * HOUR);
            assertEquals(0, fourteen.overdue);
            assertEquals(60.83, fourteen.index);
            assertEquals("ATTENTION", fourteen.band);
            assertEquals("关注", fourteen.bandLabel);

            // One row per hour; the 10:00 hour is in the window up to the row of 10-02 10:00 (hour 09:00–10:00) ...
            harness.processWatermark(TEN + DAY);
            assertEquals(24, rows(harness).size(), "rows at 11:00, 12:00, ..., 10:00 the next day");
            StabilityRow lastInWindow = row(harness, TEN + DAY - HOUR);
            assertEquals(1, lastInWindow.disputes);
            assertEquals(60.83, lastInWindow.index);
            // ... and dropped from the row of 10-02 11:00 on: nothing left, index 100, STABLE.
            harness.processWatermark(TEN + DAY + HOUR);
            StabilityRow dayLater = row(harness, TEN + DAY);
            assertEquals(0, dayLater.disputes + dayLater.overdue + dayLater.policeSignals + dayLater.complaints + dayLater.rated);
            assertEquals(100.0, dayLater.index);
            assertEquals("STABLE", dayLater.band);
            assertEquals(List.of(), dayLater.itemIds);

            // Caller A is remembered for the repeat window (30 days from 10:20): state and one timer are left until then.
            long forgotten = TEN + 30 * DAY + HOUR;
            harness.processWatermark(forgotten - HOUR);
            assertTrue(harness.numKeyedStateEntries() > 0, "the caller is still remembered");
            assertEquals(1, harness.numEventTimeTimers());
            harness.processWatermark(forgotten);
            assertEquals(0, harness.numKeyedStateEntries(), "no state left");
            assertEquals(0, harness.numEventTimeTimers(), "no timer left");
            int emitted = rows(harness).size();
            assertTrue(rows(harness).subList(24, emitted).stream().allMatch(r -> r.index == 100.0), "quiet hours score 100");
            harness.processWatermark(forgotten + 10 * DAY);
            assertEquals(emitted, rows(harness).size(), "nothing more once the area is forgotten");
        }
    }

    @Test
    void aRepeatNeedsTheSameCallerAndTheSameGroupWithinTheRepeatWindow() throws Exception {
        try (var harness = byCommunity()) {
            harness.open();
            send(harness, hotline("K1", "caller-a", "PUBLIC_FACILITIES", "COMPLAINT", TEN));
            send(harness, hotline("K2", "caller-a", "ENVIRONMENT", "COMPLAINT", TEN + MINUTE));
            send(harness, hotline("K3", "caller-b", "PUBLIC_FACILITIES", "COMPLAINT", TEN + 2 * MINUTE));
            send(harness, hotline("K4", "caller-c", "PUBLIC_FACILITIES", "REQUEST", TEN + 3 * MINUTE));
            harness.processWatermark(TEN + HOUR);
            StabilityRow first = row(harness, TEN);
            assertEquals(3, first.complaints, "a request is not a complaint");
            assertEquals(0, first.repeatComplaints);
            // 3 complaints → rate 3 × 10 000 / 9 000 = 3.333333; p = 0.833333; × 0.15 × 100 = 12.5 → index 87.50, STABLE
            assertEquals(87.50, first.index);
            assertEquals("STABLE", first.band);

            // 29 days later caller A complains about the same group again: a repeat, counted twice.
            long later = TEN + 29 * DAY;
            send(harness, hotline("K5", "caller-a", "PUBLIC_FACILITIES", "COMPLAINT", later));
            harness.processWatermark(later + HOUR);
            StabilityRow repeat = row(harness, later);
            assertEquals(1, repeat.complaints);
            assertEquals(1, repeat.repeatComplaints);
            // 1 + 1 repeat = 2 → rate 2.222222; p = 2.222222 / 4.0 = 0.555556; × 0.15 × 100 = 8.333333 → index 91.67
            assertEquals(2.222222222, repeat.complaintsRate, 1e-6);
            assertEquals(91.67, repeat.index);
        }
    }

    @Test
    void aLateTransitionCountsWhileItsHourIsInTheWindowAndIsDroppedAfter() throws Exception {
        try (var harness = byCommunity()) {
            harness.open();
            send(harness, gridItem("G1", "DISPUTE", TEN + 5 * MINUTE, 0));
            harness.processWatermark(TEN + 2 * HOUR + 30 * MINUTE);
            assertEquals(2, rows(harness).size());
            // 2 h late: its hour (10:00) is in the window of the 13:00 row.
            send(harness, gridItem("G2", "DISPUTE", TEN + 15 * MINUTE, 0));
            // 25 h late: its hour (09:00 the day before) is in no row to come.
            send(harness, gridItem("G0", "DISPUTE", TEN - DAY - 30 * MINUTE, 0));
            harness.processWatermark(TEN + 3 * HOUR);
            StabilityRow thirteen = row(harness, TEN + 2 * HOUR);
            assertEquals(2, thirteen.disputes);
            // 2 disputes → rate 2.222222; p = 2.222222 / 3.0 = 0.740741; × 0.20 × 100 = 14.814815 → index 85.19
            assertEquals(85.19, thirteen.index);
            assertEquals(1, row(harness, TEN).disputes, "the emitted row is not corrected");
        }
    }

    @Test
    void keyedByStreetTheRowIsTheStreetsWithItsWholePopulation() throws Exception {
        try (var harness = harness(t -> t.streetCode)) {
            harness.open();
            send(harness, gridItem("G1", "DISPUTE", TEN + 5 * MINUTE, 0));
            harness.processWatermark(TEN + HOUR);
            StabilityRow row = row(harness, TEN);
            assertEquals(STREET, row.areaCode);
            assertEquals("STREET", row.areaLevel);
            assertEquals(STREET_POPULATION, row.population);
            // 1 dispute over 116 440 residents: rate 10 000 / 116 440 = 0.085881; p = 0.028627; × 0.20 × 100 = 0.572541 → index 99.43
            assertEquals(0.085881140, row.disputesRate, 1e-8);
            assertEquals(99.43, row.index);
            assertEquals("STABLE", row.band);
        }
    }

    @Test
    void aTransitionOfAnUnknownAreaIsIgnoredWithoutState() throws Exception {
        try (var harness = harness(t -> "999999999999")) {
            harness.open();
            send(harness, gridItem("G1", "DISPUTE", TEN, 0));
            harness.processWatermark(TEN + 2 * HOUR);
            assertEquals(List.of(), rows(harness));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    private static void assertComponent(long count, double rate, double contribution, long actualCount, double actualRate, double actualContribution) {
        assertEquals(count, actualCount, "count");
        assertEquals(rate, actualRate, 1e-6, "rate per 10 000");
        assertEquals(contribution, actualContribution, 1e-6, "index points");
    }
}
