package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessFixtures.HOUR;
import static cn.dalian.governance.assess.AssessFixtures.RULES;
import static cn.dalian.governance.assess.AssessFixtures.at;
import static cn.dalian.governance.assess.AssessFixtures.changes;
import static cn.dalian.governance.assess.AssessFixtures.grid;
import static cn.dalian.governance.assess.AssessFixtures.hotline;
import static cn.dalian.governance.assess.AssessFixtures.last;
import static cn.dalian.governance.assess.AssessFixtures.police;
import static cn.dalian.governance.assess.AssessFixtures.send;
import static cn.dalian.governance.assess.AssessFixtures.step;
import static cn.dalian.governance.assess.AssessFixtures.story;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ConvergenceRuleTest {
    /** The jinzhou incident of infra/scenarios/incidents.json: grid dispute at 08:00, complaints at +3 h and +9 h, police at +20 h. */
    private static final String COMMUNITY = "210213009009";
    private static final String STREET = "210213009";
    private static final String DISPUTE = "DISPUTE";
    private static final long T0 = at("2026-10-01T08:00:00+08:00");
    private static final long WINDOW = 48 * HOUR;
    private static final long POLICE_AT = T0 + 20 * HOUR;
    private static final long CLEAR_AFTER = RULES.warningClearAfter().toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness() throws Exception {
        return AssessFixtures.harness(new ConvergenceRule(RULES), ConvergenceRule::key);
    }

    private static ItemTransition complaint(String id, long at) {
        return hotline(id, "caller-" + id, COMMUNITY, DISPUTE, "COMPLAINT", at);
    }

    private static void scenario(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness) throws Exception {
        send(harness, grid("g1", COMMUNITY, DISPUTE, T0));
        send(harness, complaint("h1", T0 + 3 * HOUR));
        send(harness, complaint("h2", T0 + 9 * HOUR));
        send(harness, police("p1", COMMUNITY, "DISPUTE_CALL", DISPUTE, POLICE_AT));
    }

    @Test
    void oneComplaintShortOfTwoRaisesNothingAndLeavesNoStateOnceOutOfTheWindow() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, grid("g1", COMMUNITY, DISPUTE, T0));
            send(harness, complaint("h1", T0 + 3 * HOUR));
            send(harness, hotline("h1", "caller-h1", COMMUNITY, DISPUTE, "COMPLAINT", "RECEIVED", "DISPATCHED", T0 + 4 * HOUR));
            send(harness, hotline("r1", "caller-r1", COMMUNITY, DISPUTE, "REQUEST", T0 + 5 * HOUR));
            send(harness, police("p1", COMMUNITY, "DISPUTE_CALL", DISPUTE, POLICE_AT));
            assertEquals(List.of(), changes(harness), "a later transition of a complaint and a request are not new complaints");
            harness.processWatermark(POLICE_AT + WINDOW);
            assertEquals(List.of(), changes(harness));
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void withoutAGridDisputeOrWithoutAPoliceSignalNothingIsRaised() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, complaint("h1", T0));
            send(harness, complaint("h2", T0 + HOUR));
            send(harness, police("p1", COMMUNITY, "DISPUTE_CALL", DISPUTE, T0 + 2 * HOUR));
            send(harness, grid("g2", COMMUNITY, "SAFETY_HAZARD", T0 + 3 * HOUR));
            assertEquals(List.of(), changes(harness), "no grid dispute: a grid item of another group does not count");
            send(harness, grid("g3", "210213009010", DISPUTE, T0 + 4 * HOUR));
            assertEquals(List.of(), changes(harness), "no grid dispute in this community");
            harness.processWatermark(T0 + 4 * HOUR + WINDOW);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aGridDisputeTwoComplaintsAndAPoliceSignalWithin48HoursOpenOrangeAtThePoliceSignal() throws Exception {
        try (var harness = harness()) {
            harness.open();
            scenario(harness);
            assertEquals(List.of(step("OPENED", "ORANGE", POLICE_AT)), story(harness));
            WarningChange opened = last(harness);
            assertEquals("R3", opened.rule);
            assertEquals(COMMUNITY, opened.areaCode);
            assertEquals("COMMUNITY", opened.areaLevel);
            assertEquals(List.of("g1", "h1", "h2", "p1"), opened.itemIds);
            assertEquals(Map.of("DISPUTE.gridItems", 1L, "DISPUTE.hotlineComplaints", 2L, "DISPUTE.policeSignals", 1L, "episodeItems", 4L), opened.counts);
            assertEquals(Map.of("DISPUTE.gridItems", 1.0, "DISPUTE.hotlineComplaints", 2.0, "DISPUTE.policeSignals", 1.0, "windowHours", 48.0), opened.thresholds);
            assertEquals(T0, opened.windowStart, "from the first item of the evidence");
            assertEquals(POLICE_AT, opened.windowEnd);
            assertEquals(STREET, opened.routedToStreet);
            assertEquals("STREET", opened.routedToLevel);
            assertEquals(STREET, opened.routedToArea);
            assertTrue(opened.summary.contains("矛盾纠纷") && opened.summary.contains("group DISPUTE") && opened.summary.contains("orange"), opened.summary);
            assertFalse(opened.summary.contains("\n"), "one line");
        }
    }

    @Test
    void manySignalsThatAloneCannotConvergeAreAllEvidenceOnceTheOtherSourcesArrive() throws Exception {
        try (var harness = harness()) {
            harness.open();
            for (int i = 0; i < 300; i++) {
                send(harness, police(String.format("p%03d", i), COMMUNITY, "DISPUTE_CALL", DISPUTE, T0 + i * 60_000L));
            }
            send(harness, grid("g1", COMMUNITY, DISPUTE, T0 + 6 * HOUR));
            send(harness, complaint("h1", T0 + 7 * HOUR));
            assertEquals(List.of(), changes(harness), "signals and a grid dispute without two complaints");
            send(harness, complaint("h2", T0 + 8 * HOUR));
            assertEquals(List.of(step("OPENED", "ORANGE", T0 + 8 * HOUR)), story(harness));
            assertEquals(300L, last(harness).counts.get("DISPUTE.policeSignals"), "every signal kept counts at the fullest instant");
            assertEquals(303, last(harness).itemIds.size());
            assertEquals(T0, last(harness).windowStart, "from the first signal");
            harness.processWatermark(T0 + 8 * HOUR + WINDOW + CLEAR_AFTER);
            assertEquals("CLEARED", last(harness).status);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aThirdComplaintUpdatesTheSameWarning() throws Exception {
        try (var harness = harness()) {
            harness.open();
            scenario(harness);
            send(harness, complaint("h3", T0 + 30 * HOUR));
            assertEquals(List.of(step("OPENED", "ORANGE", POLICE_AT), step("UPDATED", "ORANGE", T0 + 30 * HOUR)), story(harness));
            assertEquals(changes(harness).get(0).warningId, last(harness).warningId);
            assertEquals(3L, last(harness).counts.get("DISPUTE.hotlineComplaints"));
            assertEquals(List.of("g1", "h1", "h2", "h3", "p1"), last(harness).itemIds);
            assertEquals(2L, last(harness).seq);
        }
    }

    @Test
    void theGridDisputeLeavingThe48HourWindowEndsTheEpisodeTheWarningClearsABoundLaterAndThenAllStateGoes() throws Exception {
        try (var harness = harness()) {
            harness.open();
            scenario(harness);
            harness.processWatermark(T0 + WINDOW + CLEAR_AFTER - 1);
            assertEquals(1, changes(harness).size(), "not together since the dispute left, but not for the whole bound yet");
            harness.processWatermark(T0 + WINDOW + CLEAR_AFTER);
            assertEquals(List.of(step("OPENED", "ORANGE", POLICE_AT), step("CLEARED", "ORANGE", T0 + WINDOW)), story(harness));
            WarningChange cleared = last(harness);
            assertEquals(changes(harness).get(0).warningId, cleared.warningId);
            assertEquals(2L, cleared.seq);
            assertEquals(Map.of("DISPUTE.gridItems", 1L, "DISPUTE.hotlineComplaints", 2L, "DISPUTE.policeSignals", 1L, "episodeItems", 4L), cleared.counts,
                    "the counts of the episode's fullest instant");
            assertEquals(List.of("g1", "h1", "h2", "p1"), cleared.itemIds);
            assertEquals(T0 + WINDOW, cleared.windowEnd);
            assertTrue(cleared.summary.contains("cleared"), cleared.summary);
            assertEquals(STREET, cleared.routedToStreet);
            harness.processWatermark(POLICE_AT + WINDOW);
            assertEquals(2, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aPoliceSignalConvergesJustInsideThe48HourWindowButNotExactlyAtItsEnd() throws Exception {
        String inside = "210213009010";
        try (var harness = harness()) {
            harness.open();
            for (String community : List.of(COMMUNITY, inside)) {
                send(harness, grid("g-" + community, community, DISPUTE, T0));
                send(harness, hotline("h1-" + community, "c1", community, DISPUTE, "COMPLAINT", T0 + HOUR));
                send(harness, hotline("h2-" + community, "c2", community, DISPUTE, "COMPLAINT", T0 + 2 * HOUR));
            }
            send(harness, police("p-inside", inside, "DISPUTE_CALL", DISPUTE, T0 + WINDOW - 1));
            send(harness, police("p-at-end", COMMUNITY, "DISPUTE_CALL", DISPUTE, T0 + WINDOW));
            assertEquals(List.of(step("OPENED", "ORANGE", T0 + WINDOW - 1)), story(harness), "only the signal inside the window converges");
            assertEquals(inside, last(harness).areaCode);
            harness.processWatermark(T0 + 2 * WINDOW);
            assertEquals(step("CLEARED", "ORANGE", T0 + WINDOW), story(harness).get(1));
            assertEquals(2, changes(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void anotherGroupConvergesOnItsOwnNewGridItemsAndNotOnThoseOfOtherGroups() throws Exception {
        String group = "PUBLIC_ORDER";
        try (var harness = harness()) {
            harness.open();
            send(harness, grid("g1", COMMUNITY, DISPUTE, T0));
            send(harness, hotline("h1", "c1", COMMUNITY, group, "COMPLAINT", T0 + HOUR));
            send(harness, hotline("h2", "c2", COMMUNITY, group, "COMPLAINT", T0 + 2 * HOUR));
            send(harness, police("p1", COMMUNITY, "PUBLIC_ORDER", group, T0 + 3 * HOUR));
            assertEquals(List.of(), changes(harness), "a grid dispute is not a public-order grid item");
            send(harness, grid("g2", COMMUNITY, group, T0 + 4 * HOUR));
            assertEquals(List.of(step("OPENED", "ORANGE", T0 + 4 * HOUR)), story(harness));
            assertEquals(COMMUNITY, last(harness).areaCode);
            assertEquals(Map.of("PUBLIC_ORDER.gridItems", 1L, "PUBLIC_ORDER.hotlineComplaints", 2L, "PUBLIC_ORDER.policeSignals", 1L, "episodeItems", 4L), last(harness).counts);
            assertTrue(last(harness).summary.contains("社会治安") && last(harness).summary.contains("new grid item"), last(harness).summary);
            harness.processWatermark(T0 + 4 * HOUR + WINDOW + CLEAR_AFTER);
            assertEquals(step("CLEARED", "ORANGE", T0 + HOUR + WINDOW), story(harness).get(1), "ended when the first complaint left");
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }
}
