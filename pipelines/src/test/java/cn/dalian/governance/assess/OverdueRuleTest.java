package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessRuleFixtures.COMMUNITY;
import static cn.dalian.governance.assess.AssessRuleFixtures.HOUR;
import static cn.dalian.governance.assess.AssessRuleFixtures.MINUTE;
import static cn.dalian.governance.assess.AssessRuleFixtures.SIX_AM;
import static cn.dalian.governance.assess.AssessRuleFixtures.STREET;
import static cn.dalian.governance.assess.AssessRuleFixtures.item;
import static cn.dalian.governance.assess.AssessRuleFixtures.next;
import static cn.dalian.governance.assess.AssessRuleFixtures.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class OverdueRuleTest {
    private static final long DISPATCH_SLA = 2 * HOUR;
    private static final long RESOLVE_SLA = 72 * HOUR;
    private static final long DISPATCH_DUE = SIX_AM + DISPATCH_SLA;
    private static final long RESOLVE_DUE = SIX_AM + RESOLVE_SLA;

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness() throws Exception {
        var harness = AssessRuleFixtures.harness(new OverdueRule(AssessmentRules.loadDefault()), t -> t.itemId);
        harness.open();
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> restored(OperatorSubtaskState snapshot) throws Exception {
        var harness = AssessRuleFixtures.harness(new OverdueRule(AssessmentRules.loadDefault()), t -> t.itemId);
        harness.initializeState(snapshot);
        harness.open();
        return harness;
    }

    private static ItemTransition collected(String itemId, long at) {
        ItemTransition t = item("GRID", itemId, null, "COLLECTED", at);
        t.dispatchDueAt = at + DISPATCH_SLA;
        t.resolveDueAt = at + RESOLVE_SLA;
        return t;
    }

    private static ItemTransition received(String caseId, long at) {
        ItemTransition t = item("HOTLINE", caseId, null, "RECEIVED", at);
        t.dispatchDueAt = at + HOUR;
        t.resolveDueAt = at + 24 * HOUR;
        return t;
    }

    private static List<String> changes(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness) {
        return harness.extractOutputValues().stream().map(c -> c.status + " " + c.level).toList();
    }

    private static WarningChange last(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness) {
        List<WarningChange> all = harness.extractOutputValues();
        return all.get(all.size() - 1);
    }

    @Test
    void raisesNothingOneMillisecondBeforeTheDispatchDeadlineAndBlueAtIt() throws Exception {
        try (var harness = harness()) {
            send(harness, collected("GRID-1", SIX_AM));
            harness.processWatermark(DISPATCH_DUE - 1);
            assertEquals(List.of(), changes(harness));
            harness.processWatermark(DISPATCH_DUE);
            assertEquals(List.of("OPENED BLUE"), changes(harness));
            WarningChange blue = last(harness);
            assertEquals("R5", blue.rule);
            assertEquals(COMMUNITY, blue.areaCode);
            assertEquals("COMMUNITY", blue.areaLevel);
            assertEquals(DISPATCH_DUE, blue.changedAt);
            assertEquals(SIX_AM, blue.windowStart);
            assertEquals(List.of("GRID-1"), blue.itemIds);
            assertEquals("COMMUNITY", blue.routedToLevel, "blue goes to the community as first responder");
            assertEquals(COMMUNITY, blue.routedToArea);
            assertEquals(STREET, blue.routedToStreet);
            assertEquals(120.0, blue.thresholds.get("dispatchSlaMinutes"));
            assertTrue(blue.summary.startsWith("GRID-1: not dispatched within 120 min"), blue.summary);
            assertEquals("R5:" + COMMUNITY + ":GRID-1:" + DISPATCH_DUE, blue.warningId);
        }
    }

    @Test
    void escalatesToYellowAtTwiceTheSlaRoutedUpToTheStreet() throws Exception {
        try (var harness = harness()) {
            send(harness, collected("GRID-1", SIX_AM));
            harness.processWatermark(SIX_AM + 2 * DISPATCH_SLA - 1);
            assertEquals(List.of("OPENED BLUE"), changes(harness));
            harness.processWatermark(SIX_AM + 2 * DISPATCH_SLA);
            assertEquals(List.of("OPENED BLUE", "UPDATED YELLOW"), changes(harness));
            WarningChange yellow = last(harness);
            assertEquals(SIX_AM + 2 * DISPATCH_SLA, yellow.changedAt);
            assertEquals(COMMUNITY, yellow.areaCode, "still the community's warning");
            assertEquals("STREET", yellow.routedToLevel);
            assertEquals(STREET, yellow.routedToArea);
            assertEquals(STREET, yellow.routedToStreet);
            assertEquals(harness.extractOutputValues().get(0).warningId, yellow.warningId);
        }
    }

    @Test
    void staysYellowWithoutRepeatingItselfWhenTheResolveDeadlinePassesUndispatched() throws Exception {
        try (var harness = harness()) {
            send(harness, collected("GRID-1", SIX_AM));
            harness.processWatermark(SIX_AM + 2 * RESOLVE_SLA);
            assertEquals(List.of("OPENED BLUE", "UPDATED YELLOW"), changes(harness));
        }
    }

    @Test
    void dispatchClearsTheDispatchWarningAndCancelsItsTimers() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = collected("GRID-1", SIX_AM);
            send(harness, first);
            assertEquals(4, harness.numEventTimeTimers(), "dispatch and resolve deadlines and their escalations");
            harness.processWatermark(DISPATCH_DUE);
            send(harness, next(first, "COLLECTED", "ASSIGNED", DISPATCH_DUE + 10 * MINUTE));
            assertEquals(List.of("OPENED BLUE", "CLEARED BLUE"), changes(harness));
            WarningChange cleared = last(harness);
            assertEquals(DISPATCH_DUE + 10 * MINUTE, cleared.changedAt);
            assertEquals(harness.extractOutputValues().get(0).warningId, cleared.warningId);
            assertEquals(2, harness.numEventTimeTimers(), "only the resolve deadline and its escalation remain");
            harness.processWatermark(SIX_AM + 2 * DISPATCH_SLA);
            assertEquals(2, changes(harness).size(), "no yellow for a dispatched item");
        }
    }

    @Test
    void anItemPastItsResolveDeadlineGetsANewWarningThatFeedbackClears() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = collected("GRID-1", SIX_AM);
            send(harness, first);
            send(harness, next(first, "COLLECTED", "ASSIGNED", SIX_AM + 30 * MINUTE));
            send(harness, next(first, "ASSIGNED", "HANDLING", SIX_AM + HOUR));
            harness.processWatermark(RESOLVE_DUE - 1);
            assertEquals(List.of(), changes(harness));
            harness.processWatermark(RESOLVE_DUE);
            WarningChange blue = last(harness);
            assertEquals("OPENED BLUE", blue.status + " " + blue.level);
            assertTrue(blue.summary.startsWith("GRID-1: not resolved within 4320 min"), blue.summary);
            send(harness, next(first, "HANDLING", "FEEDBACK", RESOLVE_DUE + HOUR));
            assertEquals(List.of("OPENED BLUE", "CLEARED BLUE"), changes(harness));
            assertEquals("GRID-1: resolved", last(harness).summary);
        }
    }

    @Test
    void feedbackThatFailsVerificationAfterTheDeadlineIsOverdueAgain() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = collected("GRID-1", SIX_AM);
            send(harness, first);
            send(harness, next(first, "COLLECTED", "ASSIGNED", SIX_AM + 30 * MINUTE));
            send(harness, next(first, "ASSIGNED", "HANDLING", SIX_AM + HOUR));
            send(harness, next(first, "HANDLING", "FEEDBACK", SIX_AM + 48 * HOUR));
            send(harness, next(first, "FEEDBACK", "VERIFIED", SIX_AM + 60 * HOUR));
            harness.processWatermark(RESOLVE_DUE + HOUR);
            assertEquals(List.of(), changes(harness), "resolved in time");
            send(harness, next(first, "VERIFIED", "HANDLING", RESOLVE_DUE + 2 * HOUR));
            assertEquals(List.of("OPENED BLUE"), changes(harness));
            assertEquals(RESOLVE_DUE + 2 * HOUR, last(harness).changedAt);
            harness.processWatermark(SIX_AM + 2 * RESOLVE_SLA);
            assertEquals(List.of("OPENED BLUE", "UPDATED YELLOW"), changes(harness));
        }
    }

    @Test
    void aHotlineCaseAnsweredAtIntakeNeedsNoDispatch() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = received("HL-1", SIX_AM);
            send(harness, first);
            send(harness, next(first, "RECEIVED", "REPLIED", SIX_AM + 10 * MINUTE));
            harness.processWatermark(SIX_AM + 48 * HOUR);
            assertEquals(List.of(), changes(harness));
        }
    }

    @Test
    void aHotlineCaseDispatchedButNeverRepliedIsOverdueAtItsResolveDeadline() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = received("HL-1", SIX_AM);
            send(harness, first);
            harness.processWatermark(SIX_AM + HOUR);
            send(harness, next(first, "RECEIVED", "DISPATCHED", SIX_AM + HOUR + MINUTE));
            harness.processWatermark(SIX_AM + 24 * HOUR);
            send(harness, next(first, "DISPATCHED", "REPLIED", SIX_AM + 30 * HOUR));
            assertEquals(List.of("OPENED BLUE", "CLEARED BLUE", "OPENED BLUE", "CLEARED BLUE"), changes(harness));
            List<WarningChange> all = harness.extractOutputValues();
            assertEquals(SIX_AM + HOUR, all.get(0).changedAt);
            assertEquals(SIX_AM + 24 * HOUR, all.get(2).changedAt);
            assertNotEquals(all.get(0).warningId, all.get(2).warningId, "a new warning after the first was cleared");
        }
    }

    @Test
    void withTheWatermarkFarBehindALateDispatchStillRaisesAtTheDeadlineAndClearsAtTheDispatch() throws Exception {
        try (var harness = harness()) {
            // A replay: the whole lifecycle arrives before the watermark moves at all.
            ItemTransition first = collected("GRID-1", SIX_AM);
            send(harness, first);
            send(harness, next(first, "COLLECTED", "ASSIGNED", DISPATCH_DUE + 10 * MINUTE));
            assertEquals(List.of("OPENED BLUE", "CLEARED BLUE"), changes(harness), "judged at the deadline before the dispatch");
            assertEquals(DISPATCH_DUE, harness.extractOutputValues().get(0).changedAt);
            assertEquals(DISPATCH_DUE + 10 * MINUTE, last(harness).changedAt);
            assertEquals(2, harness.numEventTimeTimers(), "the judged deadline's timer and the dispatch escalation are gone");
            send(harness, next(first, "ASSIGNED", "HANDLING", DISPATCH_DUE + 3 * HOUR));
            send(harness, next(first, "HANDLING", "FEEDBACK", RESOLVE_DUE - HOUR));
            send(harness, next(first, "FEEDBACK", "VERIFIED", RESOLVE_DUE + HOUR));
            send(harness, next(first, "VERIFIED", "CLOSED", RESOLVE_DUE + 2 * HOUR));
            harness.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of("OPENED BLUE", "CLEARED BLUE"), changes(harness), "resolved in time: nothing more, even at the end of input");
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void closingLeavesNoStateAndNoTimers() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = received("HL-1", SIX_AM);
            send(harness, first);
            harness.processWatermark(SIX_AM + HOUR);
            send(harness, next(first, "RECEIVED", "DISPATCHED", SIX_AM + 2 * HOUR));
            send(harness, next(first, "DISPATCHED", "REPLIED", SIX_AM + 3 * HOUR));
            assertTrue(harness.numKeyedStateEntries() > 0);
            send(harness, next(first, "REPLIED", "CLOSED", SIX_AM + 4 * HOUR));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
            harness.processWatermark(SIX_AM + 100 * HOUR);
            assertEquals(List.of("OPENED BLUE", "CLEARED BLUE"), changes(harness));
        }
    }

    @Test
    void aGridItemClosedWithinItsSlaRaisesNothingAndLeavesNothing() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = collected("GRID-1", SIX_AM);
            send(harness, first);
            send(harness, next(first, "COLLECTED", "ASSIGNED", SIX_AM + 30 * MINUTE));
            send(harness, next(first, "ASSIGNED", "HANDLING", SIX_AM + HOUR));
            send(harness, next(first, "HANDLING", "FEEDBACK", SIX_AM + 5 * HOUR));
            send(harness, next(first, "FEEDBACK", "VERIFIED", SIX_AM + 6 * HOUR));
            send(harness, next(first, "VERIFIED", "CLOSED", SIX_AM + 7 * HOUR));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
            harness.processWatermark(SIX_AM + 200 * HOUR);
            assertEquals(List.of(), changes(harness));
        }
    }

    @Test
    void ignoresPoliceSignalsAndItemsNotSeenFromTheirStart() throws Exception {
        try (var harness = harness()) {
            send(harness, item("POLICE", "POLICE-1", null, "SIGNALLED", SIX_AM));
            ItemTransition reopened = collected("GRID-9", SIX_AM);
            send(harness, next(reopened, "CLOSED", "REOPENED", SIX_AM + HOUR));
            harness.processWatermark(SIX_AM + 200 * HOUR);
            assertEquals(List.of(), changes(harness));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void twoItemsOfOneCommunityDueAtTheSameInstantGetTwoWarnings() throws Exception {
        try (var harness = harness()) {
            send(harness, collected("GRID-1", SIX_AM));
            send(harness, collected("GRID-2", SIX_AM));
            harness.processWatermark(DISPATCH_DUE);
            List<WarningChange> all = harness.extractOutputValues();
            assertEquals(2, all.size());
            assertEquals(COMMUNITY, all.get(0).areaCode);
            assertEquals(COMMUNITY, all.get(1).areaCode);
            assertNotEquals(all.get(0).warningId, all.get(1).warningId);
            assertEquals(List.of(List.of("GRID-1"), List.of("GRID-2")), all.stream().map(c -> c.itemIds).sorted((a, b) -> a.get(0).compareTo(b.get(0))).toList());
        }
    }

    @Test
    void anItemArrivingAfterTheWatermarkPassedItsDeadlineIsJudgedAtOnceStampedWithTheDeadline() throws Exception {
        try (var harness = harness()) {
            harness.processWatermark(DISPATCH_DUE + 30 * MINUTE);
            ItemTransition first = collected("GRID-1", SIX_AM);
            send(harness, first);
            assertEquals(List.of("OPENED BLUE"), changes(harness));
            assertEquals(DISPATCH_DUE, last(harness).changedAt);
            assertEquals(3, harness.numEventTimeTimers(), "only the deadlines still ahead get timers");
            send(harness, next(first, "COLLECTED", "ASSIGNED", DISPATCH_DUE + 10 * MINUTE));
            assertEquals(List.of("OPENED BLUE", "CLEARED BLUE"), changes(harness));
            assertEquals(DISPATCH_DUE + 30 * MINUTE, last(harness).changedAt, "never before the change it follows");
            harness.processWatermark(SIX_AM + 2 * DISPATCH_SLA);
            assertEquals(2, changes(harness).size());
        }
    }

    @Test
    void dispatchingKeepsTheResolveTimerThatFallsOnTheDispatchEscalation() throws Exception {
        try (var harness = harness()) {
            ItemTransition first = collected("GRID-1", SIX_AM);
            first.resolveDueAt = SIX_AM + 2 * DISPATCH_SLA;
            send(harness, first);
            assertEquals(3, harness.numEventTimeTimers(), "dispatch due, its escalation = resolve due, resolve escalation");
            send(harness, next(first, "COLLECTED", "ASSIGNED", SIX_AM + MINUTE));
            assertEquals(2, harness.numEventTimeTimers());
            harness.processWatermark(first.resolveDueAt);
            assertEquals(List.of("OPENED BLUE"), changes(harness), "not resolved by its deadline");
        }
    }

    @Test
    void keepsSupervisingAcrossARestoreFromASnapshotTakenMidway() throws Exception {
        OperatorSubtaskState snapshot;
        String warningId;
        try (var harness = harness()) {
            send(harness, collected("GRID-1", SIX_AM));
            harness.processWatermark(DISPATCH_DUE);
            warningId = last(harness).warningId;
            snapshot = harness.snapshot(1L, DISPATCH_DUE);
        }
        AnomalyRuleTest.assertSerializedWithoutKryo(OverdueRule.SupervisedItem.class);
        try (var harness = restored(snapshot)) {
            assertEquals(3, harness.numEventTimeTimers(), "the escalation and the resolve timers survive");
            harness.processWatermark(SIX_AM + 2 * DISPATCH_SLA);
            assertEquals(List.of("UPDATED YELLOW"), changes(harness));
            assertEquals(warningId, last(harness).warningId);
        }
    }
}
