package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AreaHourlyAggregatorTest {
    private static final String COMMUNITY = "210202001001";
    /** 10:00 in Dalian (UTC+8). */
    private static final long TEN = Instant.parse("2026-10-01T02:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private static KeyedOneInputStreamOperatorTestHarness<String, AreaTransition, AreaHourlyRow> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, AreaTransition, AreaHourlyRow>(
                new KeyedProcessOperator<>(new AreaHourlyAggregator(AssessmentRules.loadDefault())), AreaTransition::aggregateKey, Types.STRING);
        harness.setup();
        harness.open();
        return harness;
    }

    private static ItemTransition item(String source, String itemId, String previous, String state, long at) {
        ItemTransition t = new ItemTransition();
        t.itemId = itemId;
        t.source = source;
        t.previousState = previous;
        t.state = state;
        t.occurredAt = at;
        t.communityCode = COMMUNITY;
        t.streetCode = "210202001";
        t.districtCode = "210202";
        t.matterGroup = "DISPUTE";
        t.personKeys = List.of();
        return t;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, AreaTransition, AreaHourlyRow> harness, ItemTransition t) throws Exception {
        harness.processElement(new AreaTransition(COMMUNITY, "COMMUNITY", t), t.occurredAt);
    }

    private static ItemTransition complaint(String caseId, String caller, long at) {
        ItemTransition t = item("HOTLINE", caseId, null, "RECEIVED", at);
        t.requestType = "COMPLAINT";
        t.personKeys = List.of(caller);
        return t;
    }

    @Test
    void countsAnHourAndTheBacklogAtItsEnd() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = item("GRID", "GRID:1", null, "COLLECTED", TEN + 5 * MINUTE);
            first.resolveDueAt = TEN + 72 * HOUR;
            send(harness, first);
            send(harness, item("GRID", "GRID:2", null, "COLLECTED", TEN + 10 * MINUTE));
            send(harness, item("GRID", "GRID:2", "VERIFIED", "CLOSED", TEN + 40 * MINUTE));
            ItemTransition signal = item("POLICE", "POLICE:1", null, "SIGNALLED", TEN + 20 * MINUTE);
            signal.riskLevel = 3;
            send(harness, signal);
            harness.processWatermark(TEN + HOUR);
            AreaHourlyRow row = harness.extractOutputValues().get(0);
            assertEquals(TEN, row.hourStart);
            assertEquals(3, row.newItems, "two grid items and a police signal");
            assertEquals(3, row.disputes, "all of the dispute group");
            assertEquals(1, row.closedItems);
            assertEquals(1, row.policeSignals);
            assertEquals(4.0, row.policeRiskWeight, "level 3 weighs 4");
            assertEquals(1, row.openBacklog, "GRID:1 is still open, police signals are never open items");
            assertEquals(0, row.overdue);
        }
    }

    @Test
    void countsARepeatComplaintOfTheSameCallerAndRatedClosings() throws Exception {
        try (var harness = harness()) {
            send(harness, complaint("HOTLINE:1", "caller-a", TEN + MINUTE));
            send(harness, complaint("HOTLINE:2", "caller-a", TEN + 2 * MINUTE));
            send(harness, complaint("HOTLINE:3", "caller-b", TEN + 3 * MINUTE));
            ItemTransition closed = item("HOTLINE", "HOTLINE:1", "REPLIED", "CLOSED", TEN + 30 * MINUTE);
            closed.satisfaction = "UNSATISFIED";
            send(harness, closed);
            harness.processWatermark(TEN + HOUR);
            AreaHourlyRow row = harness.extractOutputValues().get(0);
            assertEquals(3, row.complaints);
            assertEquals(1, row.repeatComplaints, "caller-a's second complaint");
            assertEquals(1, row.rated);
            assertEquals(1, row.unsatisfied);
            assertEquals(2, row.openBacklog);
        }
    }

    @Test
    void anOpenItemTurnsOverdueInTheHourItsDeadlinePasses() throws Exception {
        try (var harness = harness()) {
            ItemTransition t = item("GRID", "GRID:1", null, "COLLECTED", TEN + 5 * MINUTE);
            t.resolveDueAt = TEN + 2 * HOUR + 30 * MINUTE;
            send(harness, t);
            harness.processWatermark(TEN + 2 * HOUR);
            assertEquals(1, harness.extractOutputValues().size(), "the 11:00 hour changed nothing");
            harness.processWatermark(TEN + 3 * HOUR);
            AreaHourlyRow row = harness.extractOutputValues().get(1);
            assertEquals(TEN + 2 * HOUR, row.hourStart);
            assertEquals(1, row.overdue);
            assertEquals(0, row.newItems);
        }
    }

    @Test
    void aLateTransitionCorrectsItsHourWithinTheAllowedLateness() throws Exception {
        try (var harness = harness()) {
            send(harness, item("GRID", "GRID:1", null, "COLLECTED", TEN + 5 * MINUTE));
            harness.processWatermark(TEN + 2 * HOUR);
            send(harness, item("GRID", "GRID:2", null, "COLLECTED", TEN + 50 * MINUTE));
            List<AreaHourlyRow> rows = harness.extractOutputValues();
            AreaHourlyRow corrected = rows.get(rows.size() - 1);
            assertEquals(TEN, corrected.hourStart);
            assertEquals(2, corrected.newItems, "the 10:00 row again, with the late item");
            harness.processWatermark(TEN + 9 * HOUR);
            int before = harness.extractOutputValues().size();
            send(harness, item("GRID", "GRID:3", null, "COLLECTED", TEN + 55 * MINUTE));
            assertEquals(before, harness.extractOutputValues().size(), "beyond the allowed lateness no row is rewritten");
        }
    }

    @Test
    void keepsStateAcrossARestoreAndLeavesNoneOnceEverythingIsClosedAndForgotten() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            send(harness, item("GRID", "GRID:1", null, "COLLECTED", TEN + 5 * MINUTE));
            snapshot = harness.snapshot(1, TEN + 6 * MINUTE);
        }
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, AreaTransition, AreaHourlyRow>(
                new KeyedProcessOperator<>(new AreaHourlyAggregator(AssessmentRules.loadDefault())), AreaTransition::aggregateKey, Types.STRING)) {
            harness.setup();
            harness.initializeState(snapshot);
            harness.open();
            send(harness, item("GRID", "GRID:1", "VERIFIED", "CLOSED", TEN + 30 * MINUTE));
            harness.processWatermark(TEN + HOUR);
            AreaHourlyRow row = harness.extractOutputValues().get(0);
            assertEquals(1, row.newItems, "the item collected before the snapshot");
            assertEquals(1, row.closedItems);
            assertEquals(0, row.openBacklog);
            harness.processWatermark(TEN + 9 * HOUR);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void theEndOfBoundedInputEmitsPendingHoursAndStopsLookingAhead() throws Exception {
        try (var harness = harness()) {
            ItemTransition t = item("GRID", "GRID:1", null, "COLLECTED", TEN + 5 * MINUTE);
            t.resolveDueAt = TEN + 72 * HOUR;
            send(harness, t);
            send(harness, item("GRID", "GRID:2", null, "COLLECTED", TEN + 3 * HOUR));
            harness.processWatermark(Long.MAX_VALUE);
            List<Long> hours = harness.extractOutputValues().stream().map(row -> row.hourStart).toList();
            assertEquals(List.of(TEN, TEN + 3 * HOUR), hours, "both hours with data, nothing after");
            assertEquals(0, harness.numEventTimeTimers(), "no timer chained past the end of input");
        }
    }
}
