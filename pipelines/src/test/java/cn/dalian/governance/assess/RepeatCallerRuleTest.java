package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessFixtures.DAY;
import static cn.dalian.governance.assess.AssessFixtures.HOUR;
import static cn.dalian.governance.assess.AssessFixtures.RULES;
import static cn.dalian.governance.assess.AssessFixtures.at;
import static cn.dalian.governance.assess.AssessFixtures.changes;
import static cn.dalian.governance.assess.AssessFixtures.hotline;
import static cn.dalian.governance.assess.AssessFixtures.last;
import static cn.dalian.governance.assess.AssessFixtures.send;
import static cn.dalian.governance.assess.AssessFixtures.step;
import static cn.dalian.governance.assess.AssessFixtures.story;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RepeatCallerRuleTest {
    /** The zhuanghe incident of infra/scenarios/incidents.json: one caller's complaints from 07:15, 6 h apart. */
    private static final String COMMUNITY = "210283005002";
    private static final String STREET = "210283005";
    private static final String OTHER_COMMUNITY = "210283006001";
    private static final String GROUP = "PUBLIC_FACILITIES";
    private static final String CALLER = "hmac-caller-a";
    private static final long T0 = at("2026-10-01T07:15:00+08:00");
    private static final long WINDOW = 30 * DAY;
    private static final long CLEAR_AFTER = RULES.warningClearAfter().toMillis();
    private static final long MINUTE = 60_000;

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness() throws Exception {
        return AssessFixtures.harness(new RepeatCallerRule(RULES), RepeatCallerRule::key);
    }

    private static void receive(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, String caseId, String community, long at) throws Exception {
        send(harness, hotline(caseId, CALLER, community, GROUP, "COMPLAINT", at));
    }

    private static void move(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, String caseId, String from, String to, long at) throws Exception {
        send(harness, hotline(caseId, CALLER, COMMUNITY, GROUP, "COMPLAINT", from, to, at));
    }

    @Test
    void twoOpenCasesRaiseNothingAndOtherCallersOrGroupsDoNotAddUp() throws Exception {
        try (var harness = harness()) {
            harness.open();
            receive(harness, "c1", COMMUNITY, T0);
            receive(harness, "c2", COMMUNITY, T0 + 6 * HOUR);
            send(harness, hotline("c3", "hmac-caller-b", COMMUNITY, GROUP, "COMPLAINT", T0 + 12 * HOUR));
            send(harness, hotline("c4", CALLER, COMMUNITY, "SANITATION_CITYSCAPE", "COMPLAINT", T0 + 13 * HOUR));
            move(harness, "c1", "RECEIVED", "DISPATCHED", T0 + 14 * HOUR);
            assertEquals(List.of(), changes(harness));
            harness.processWatermark(T0 + 13 * HOUR + WINDOW);
            assertEquals(List.of(), changes(harness));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void threeOpenCasesOpenYellowAtTheThirdInTheLatestCasesCommunity() throws Exception {
        long third = T0 + 12 * HOUR;
        try (var harness = harness()) {
            harness.open();
            receive(harness, "c1", OTHER_COMMUNITY, T0);
            receive(harness, "c2", OTHER_COMMUNITY, T0 + 6 * HOUR);
            move(harness, "c1", "RECEIVED", "DISPATCHED", T0 + 7 * HOUR);
            receive(harness, "c3", COMMUNITY, third);
            assertEquals(List.of(step("OPENED", "YELLOW", third)), story(harness));
            WarningChange opened = last(harness);
            assertEquals("R4", opened.rule);
            assertEquals(COMMUNITY, opened.areaCode, "the community of the latest case");
            assertEquals("COMMUNITY", opened.areaLevel);
            assertEquals("R4:" + COMMUNITY + ":" + third, opened.warningId);
            assertEquals(List.of("c1", "c2", "c3"), opened.itemIds);
            assertEquals(Map.of("openCases", 3L, "episodeCases", 3L), opened.counts);
            assertEquals(Map.of("openCases", 3.0, "windowHours", 720.0), opened.thresholds);
            assertEquals(T0, opened.windowStart, "from the receipt of the first case of the evidence");
            assertEquals(third, opened.windowEnd);
            assertEquals(STREET, opened.routedToStreet);
            assertEquals("STREET", opened.routedToLevel);
            assertEquals(STREET, opened.routedToArea);
            assertTrue(opened.summary.contains("公共设施") && opened.summary.contains("3 open cases of group PUBLIC_FACILITIES"), opened.summary);
            assertFalse(opened.summary.contains(CALLER), "the caller's pseudonym is not published");
            assertFalse(opened.summary.contains("\n"), "one line");
        }
    }

    @Test
    void aFourthCaseUpdatesTheSameWarningWhichStaysOnItsArea() throws Exception {
        try (var harness = harness()) {
            harness.open();
            receive(harness, "c1", COMMUNITY, T0);
            receive(harness, "c2", COMMUNITY, T0 + 6 * HOUR);
            receive(harness, "c3", COMMUNITY, T0 + 12 * HOUR);
            receive(harness, "c4", OTHER_COMMUNITY, T0 + 2 * DAY);
            assertEquals(List.of(step("OPENED", "YELLOW", T0 + 12 * HOUR), step("UPDATED", "YELLOW", T0 + 2 * DAY)), story(harness));
            WarningChange updated = last(harness);
            assertEquals(changes(harness).get(0).warningId, updated.warningId);
            assertEquals(COMMUNITY, updated.areaCode);
            assertEquals(STREET, updated.routedToStreet);
            assertEquals(List.of("c1", "c2", "c3", "c4"), updated.itemIds);
            assertEquals(4L, updated.counts.get("openCases"));
        }
    }

    @Test
    void closingACaseEndsTheEpisodeTheWarningClearsABoundLaterAndReopeningItOpensANewOne() throws Exception {
        long third = T0 + 12 * HOUR;
        try (var harness = harness()) {
            harness.open();
            receive(harness, "c1", COMMUNITY, T0);
            receive(harness, "c2", COMMUNITY, T0 + 6 * HOUR);
            receive(harness, "c3", COMMUNITY, third);
            move(harness, "c2", "RECEIVED", "REPLIED", T0 + DAY);
            assertEquals(1, changes(harness).size(), "replied is still open");
            move(harness, "c2", "REPLIED", "CLOSED", T0 + 2 * DAY);
            harness.processWatermark(T0 + 2 * DAY + CLEAR_AFTER - 1);
            assertEquals(1, changes(harness).size(), "fewer than three open since the close, but not for the whole bound yet");
            harness.processWatermark(T0 + 2 * DAY + CLEAR_AFTER);
            assertEquals(List.of(step("OPENED", "YELLOW", third), step("CLEARED", "YELLOW", T0 + 2 * DAY)), story(harness));
            WarningChange cleared = last(harness);
            assertEquals(changes(harness).get(0).warningId, cleared.warningId);
            assertEquals(List.of("c1", "c2", "c3"), cleared.itemIds, "the cases of the episode");
            assertEquals(Map.of("openCases", 3L, "episodeCases", 3L), cleared.counts);

            move(harness, "c2", "CLOSED", "REOPENED", T0 + 3 * DAY);
            assertEquals(step("OPENED", "YELLOW", T0 + 3 * DAY), story(harness).get(2));
            assertNotEquals(changes(harness).get(0).warningId, last(harness).warningId, "a new warning after the first was cleared");
            assertEquals(1, last(harness).seq);

            move(harness, "c1", "RECEIVED", "CLOSED", T0 + 4 * DAY);
            harness.processWatermark(T0 + 4 * DAY + CLEAR_AFTER);
            assertEquals(step("CLEARED", "YELLOW", T0 + 4 * DAY), story(harness).get(3));
            move(harness, "c2", "REOPENED", "CLOSED", T0 + 5 * DAY);
            move(harness, "c3", "RECEIVED", "CLOSED", T0 + 5 * DAY);
            harness.processWatermark(third + WINDOW - 1);
            assertTrue(harness.numKeyedStateEntries() > 0, "closed cases are kept while in the window: they may reopen");
            harness.processWatermark(third + WINDOW);
            assertEquals(4, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aCloseThatArrivesBeforeALaterCallStillLeavesTheShortEpisodeThatHappened() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(T0 - 15 * MINUTE);
            receive(harness, "c1", COMMUNITY, T0 + MINUTE);
            receive(harness, "c2", COMMUNITY, T0 + 2 * MINUTE);
            move(harness, "c2", "RECEIVED", "CLOSED", T0 + 10 * MINUTE);
            receive(harness, "c3", COMMUNITY, T0 + 3 * MINUTE);
            assertEquals(List.of(step("OPENED", "YELLOW", T0 + 3 * MINUTE)), story(harness), "three open together from 3 to 10 min");
            harness.processWatermark(T0 + 10 * MINUTE + CLEAR_AFTER);
            assertEquals(step("CLEARED", "YELLOW", T0 + 10 * MINUTE), story(harness).get(1));
        }
    }

    @Test
    void aCloseThatArrivesAfterTheCallItPrecedesWithdrawsTheWarningAtTheInstantItOpened() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(T0 - 15 * MINUTE);
            receive(harness, "c1", COMMUNITY, T0 + MINUTE);
            receive(harness, "c2", COMMUNITY, T0 + 2 * MINUTE);
            receive(harness, "c3", COMMUNITY, T0 + 6 * MINUTE);
            assertEquals(List.of(step("OPENED", "YELLOW", T0 + 6 * MINUTE)), story(harness));
            move(harness, "c1", "RECEIVED", "CLOSED", T0 + 5 * MINUTE);
            assertEquals(List.of(step("OPENED", "YELLOW", T0 + 6 * MINUTE), step("CLEARED", "YELLOW", T0 + 6 * MINUTE)), story(harness),
                    "c1 was closed before c3 came: three were never open together");
            assertTrue(last(harness).summary.contains("withdrawn"), last(harness).summary);
            harness.processWatermark(T0 + 2 * WINDOW);
            assertEquals(2, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void theFirstCaseAgingOutOfThe30DayWindowEndsTheEpisode() throws Exception {
        try (var harness = harness()) {
            harness.open();
            receive(harness, "c1", COMMUNITY, T0);
            receive(harness, "c2", COMMUNITY, T0 + 10 * DAY);
            receive(harness, "c3", COMMUNITY, T0 + 20 * DAY);
            assertEquals(List.of(step("OPENED", "YELLOW", T0 + 20 * DAY)), story(harness));
            harness.processWatermark(T0 + WINDOW + CLEAR_AFTER - 1);
            assertEquals(1, changes(harness).size());
            harness.processWatermark(T0 + WINDOW + CLEAR_AFTER);
            assertEquals(step("CLEARED", "YELLOW", T0 + WINDOW), story(harness).get(1));
            assertEquals(List.of("c1", "c2", "c3"), last(harness).itemIds);
            harness.processWatermark(T0 + 20 * DAY + WINDOW);
            assertEquals(2, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void casesExactly30DaysApartOrClosedBeforeTheThirdDoNotAddUp() throws Exception {
        try (var harness = harness()) {
            harness.open();
            receive(harness, "c1", COMMUNITY, T0);
            receive(harness, "c2", COMMUNITY, T0 + DAY);
            receive(harness, "c3", COMMUNITY, T0 + WINDOW);
            assertEquals(List.of(), changes(harness), "c1 is out of the window when c3 arrives");
            move(harness, "c2", "RECEIVED", "CLOSED", T0 + WINDOW + HOUR);
            receive(harness, "c4", COMMUNITY, T0 + WINDOW + 2 * HOUR);
            assertEquals(List.of(), changes(harness), "c2 closed before c4 arrived");
            harness.processWatermark(T0 + WINDOW + 2 * HOUR + WINDOW);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aCaseWhoseReceiptTheRuleNeverSawIsIgnored() throws Exception {
        try (var harness = harness()) {
            harness.open();
            move(harness, "old", "CLOSED", "REOPENED", T0);
            assertEquals(List.of(), changes(harness));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }
}
