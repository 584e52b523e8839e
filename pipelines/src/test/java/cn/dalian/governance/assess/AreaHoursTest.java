package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessFixtures.HOUR;
import static cn.dalian.governance.assess.AssessFixtures.MINUTE;
import static cn.dalian.governance.assess.AssessFixtures.RULES;
import static cn.dalian.governance.assess.AssessFixtures.at;
import static cn.dalian.governance.assess.AssessFixtures.grid;
import static cn.dalian.governance.assess.AssessFixtures.hotline;
import static cn.dalian.governance.assess.AssessFixtures.police;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AreaHoursTest {
    private static final AreaRegistry AREAS = AreaRegistry.loadDefault();
    private static final String COMMUNITY = "210202001001";
    private static final String GRID = COMMUNITY + "001";
    private static final String STREET = "210202001";
    /** 10:00 on 1 October 2026 in Dalian, an hour boundary. */
    private static final long H0 = at("2026-10-01T10:00:00+08:00");

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, AreaHourlyRow> harness(String level) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, AreaHourlyRow>(
                new KeyedProcessOperator<>(new AreaHours(RULES, level)), t -> AreaHours.key(t, level), Types.STRING);
        harness.setup();
        harness.open();
        return harness;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, AreaHourlyRow> harness, ItemTransition t) throws Exception {
        harness.processElement(t, t.occurredAt);
    }

    /** The hour starting at {@code hour} is final: the tick of {@code area}, then the watermark past its end. */
    private static void tick(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, AreaHourlyRow> harness, String level, String area, long hour) throws Exception {
        harness.processElement(ItemTransition.tick(level, area, hour), hour);
        harness.processWatermark(hour + HOUR);
    }

    /** Rows by area, group and hour, the last one of each key (the table is upserted). */
    private static Map<String, AreaHourlyRow> rows(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, AreaHourlyRow> harness) {
        Map<String, AreaHourlyRow> rows = new TreeMap<>();
        for (AreaHourlyRow row : harness.extractOutputValues()) {
            rows.put(row.areaCode + "|" + row.matterGroup + "|" + row.hourStart, row);
        }
        return rows;
    }

    private static List<StabilityRow> stability(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, AreaHourlyRow> harness) {
        return harness.getSideOutput(AreaHours.STABILITY) == null ? List.of()
                : harness.getSideOutput(AreaHours.STABILITY).stream().map(StreamRecord::getValue).toList();
    }

    private static List<WarningChange> warnings(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, AreaHourlyRow> harness) {
        return harness.getSideOutput(AreaHours.WARNINGS) == null ? List.of()
                : harness.getSideOutput(AreaHours.WARNINGS).stream().map(StreamRecord::getValue).toList();
    }

    private static ItemTransition next(ItemTransition first, String previous, String state, long at) {
        ItemTransition t = hotline(first.itemId, first.personKeys.isEmpty() ? "x" : first.personKeys.get(0), first.communityCode, first.matterGroup,
                first.requestType, previous, state, at);
        t.source = first.source;
        t.gridCode = first.gridCode;
        t.resolveDueAt = first.resolveDueAt;
        return t;
    }

    @Test
    void anHoursRowsCountItsTransitionsPerMatterGroupAndGridWithTheOpenBacklogAtItsEnd() throws Exception {
        try (var harness = harness("COMMUNITY")) {
            ItemTransition g1 = grid("g1", COMMUNITY, "DISPUTE", H0 + MINUTE);
            ItemTransition g2 = grid("g2", COMMUNITY, "SANITATION_CITYSCAPE", H0 + 2 * MINUTE);
            send(harness, g1);
            send(harness, g2);
            send(harness, next(g2, "COLLECTED", "CLOSED", H0 + 20 * MINUTE));
            send(harness, police("p1", COMMUNITY, "PUBLIC_ORDER", "PUBLIC_ORDER", H0 + 3 * MINUTE));
            send(harness, hotline("h1", "caller", COMMUNITY, "DISPUTE", "COMPLAINT", H0 + 4 * MINUTE));
            assertEquals(List.of(), harness.extractOutputValues(), "nothing before the hour is final");
            tick(harness, "COMMUNITY", COMMUNITY, H0);
            Map<String, AreaHourlyRow> rows = rows(harness);
            AreaHourlyRow disputes = rows.get(COMMUNITY + "|DISPUTE|" + H0);
            assertEquals("COMMUNITY", disputes.areaLevel);
            assertEquals(2, disputes.newItems, "a grid dispute and a hotline complaint");
            assertEquals(2, disputes.disputes);
            assertEquals(1, disputes.complaints);
            assertEquals(2, disputes.openBacklog);
            AreaHourlyRow sanitation = rows.get(COMMUNITY + "|SANITATION_CITYSCAPE|" + H0);
            assertEquals(1, sanitation.newItems);
            assertEquals(1, sanitation.closedItems);
            assertEquals(0, sanitation.openBacklog, "opened and closed in the hour");
            AreaHourlyRow order = rows.get(COMMUNITY + "|PUBLIC_ORDER|" + H0);
            assertEquals(1, order.policeSignals);
            assertEquals(4.0, order.policeRiskWeight, 1e-9, "risk level 3 weighs 4");
            AreaHourlyRow grid = rows.get(GRID + "|DISPUTE|" + H0);
            assertEquals("GRID", grid.areaLevel);
            assertEquals(1, grid.newItems, "the grid counts its grid items only");
            assertEquals(1, grid.openBacklog);
            assertEquals(5, rows.size(), "three groups of the community, two of the grid");

            tick(harness, "COMMUNITY", COMMUNITY, H0 + HOUR);
            assertEquals(5, rows(harness).size(), "a quiet hour with the same backlog emits no row");
        }
    }

    @Test
    void anItemBecomesOverdueAtTheTickOfTheHourHoldingItsDeadlineAndAClosingTakesItOff() throws Exception {
        try (var harness = harness("COMMUNITY")) {
            ItemTransition g1 = grid("g1", COMMUNITY, "DISPUTE", H0 + MINUTE);
            g1.resolveDueAt = H0 + HOUR + 30 * MINUTE;
            send(harness, g1);
            tick(harness, "COMMUNITY", COMMUNITY, H0);
            assertEquals(0, rows(harness).get(COMMUNITY + "|DISPUTE|" + H0).overdue);
            tick(harness, "COMMUNITY", COMMUNITY, H0 + HOUR);
            AreaHourlyRow due = rows(harness).get(COMMUNITY + "|DISPUTE|" + (H0 + HOUR));
            assertEquals(1, due.overdue, "the deadline 11:30 falls before the hour's end");
            assertEquals(1, due.openBacklog);
            assertEquals(1L, stability(harness).get(1).overdue);
            send(harness, next(g1, "COLLECTED", "CLOSED", H0 + 2 * HOUR + MINUTE));
            tick(harness, "COMMUNITY", COMMUNITY, H0 + 2 * HOUR);
            AreaHourlyRow closed = rows(harness).get(COMMUNITY + "|DISPUTE|" + (H0 + 2 * HOUR));
            assertEquals(0, closed.overdue);
            assertEquals(0, closed.openBacklog);
            assertEquals(1, closed.closedItems);
        }
    }

    @Test
    void aLateTransitionInsideTheAllowedLatenessEmitsItsHoursRowAgainCorrected() throws Exception {
        try (var harness = harness("COMMUNITY")) {
            send(harness, police("p1", COMMUNITY, "PUBLIC_ORDER", "PUBLIC_ORDER", H0 + MINUTE));
            tick(harness, "COMMUNITY", COMMUNITY, H0);
            tick(harness, "COMMUNITY", COMMUNITY, H0 + HOUR);
            send(harness, police("p2", COMMUNITY, "PUBLIC_ORDER", "PUBLIC_ORDER", H0 + 30 * MINUTE));
            assertEquals(2, rows(harness).get(COMMUNITY + "|PUBLIC_ORDER|" + H0).policeSignals, "corrected: upserted over the first");
            send(harness, grid("g1", COMMUNITY, "DISPUTE", H0 + 40 * MINUTE));
            AreaHourlyRow hourOfTheGrid = rows(harness).get(GRID + "|DISPUTE|" + H0);
            assertEquals(1, hourOfTheGrid.newItems, "a row is emitted for an hour that had none of the group");
        }
    }

    @Test
    void aComplaintRepeatsTheCallersEarlierComplaintAboutTheGroupHereEvenWhenTheEarlierOneArrivesLater() throws Exception {
        try (var harness = harness("COMMUNITY")) {
            send(harness, hotline("h2", "caller", COMMUNITY, "DISPUTE", "COMPLAINT", H0 + 2 * HOUR));
            send(harness, hotline("h1", "caller", COMMUNITY, "DISPUTE", "COMPLAINT", H0));
            send(harness, hotline("h3", "caller", COMMUNITY, "PUBLIC_ORDER", "COMPLAINT", H0 + 2 * HOUR + MINUTE));
            tick(harness, "COMMUNITY", COMMUNITY, H0);
            tick(harness, "COMMUNITY", COMMUNITY, H0 + HOUR);
            tick(harness, "COMMUNITY", COMMUNITY, H0 + 2 * HOUR);
            Map<String, AreaHourlyRow> rows = rows(harness);
            assertEquals(0, rows.get(COMMUNITY + "|DISPUTE|" + H0).repeatComplaints, "the first has nothing before it");
            assertEquals(1, rows.get(COMMUNITY + "|DISPUTE|" + (H0 + 2 * HOUR)).repeatComplaints, "the second repeats the first, which came later");
            assertEquals(0, rows.get(COMMUNITY + "|PUBLIC_ORDER|" + (H0 + 2 * HOUR)).repeatComplaints, "another group");
            StabilityRow row = stability(harness).get(2);
            assertEquals(3, row.complaints);
            assertEquals(1, row.repeatComplaints);
        }
    }

    @Test
    void everyTickGivesAStabilityRowOverTheTrailing24HoursAndAnAreaWithoutStateIsAt100() throws Exception {
        Area community = AREAS.get(COMMUNITY);
        try (var harness = harness("COMMUNITY")) {
            tick(harness, "COMMUNITY", COMMUNITY, H0);
            StabilityRow quiet = stability(harness).get(0);
            assertEquals(COMMUNITY, quiet.areaCode);
            assertEquals(H0, quiet.hourStart);
            assertEquals(100.0, quiet.index, 1e-9);
            assertEquals("STABLE", quiet.band);
            assertEquals(community.population(), quiet.population);
            assertEquals(0, harness.numKeyedStateEntries(), "a tick keeps no state");

            ItemTransition dispute = grid("g1", COMMUNITY, "DISPUTE", H0 + HOUR + MINUTE);
            send(harness, dispute);
            send(harness, police("p1", COMMUNITY, "MASS_GATHERING", "PETITION_SIGNAL", H0 + HOUR + 2 * MINUTE));
            for (int h = 1; h <= 25; h++) {
                tick(harness, "COMMUNITY", COMMUNITY, H0 + h * HOUR);
            }
            List<StabilityRow> rows = stability(harness);
            assertEquals(26, rows.size(), "one row per tick");
            StabilityRow busy = rows.get(1);
            assertEquals(1, busy.disputes);
            assertEquals(1, busy.massGatheringSignals);
            assertEquals(List.of("g1", "p1"), busy.itemIds);
            assertTrue(busy.index < 100, "disputes and a mass gathering take points off: " + busy.index);
            assertEquals(1, rows.get(24).disputes, "still in the 24 h ending at the 24th hour after it");
            assertEquals(0, rows.get(25).disputes, "out of the window 24 h later");
            assertEquals(1, harness.numKeyedStateEntries() > 0 ? 1 : 0, "the dispute is still open");
            send(harness, next(dispute, "COLLECTED", "CLOSED", H0 + 26 * HOUR));
            for (int h = 26; h < 50; h++) {
                tick(harness, "COMMUNITY", COMMUNITY, H0 + h * HOUR);
            }
            assertTrue(harness.numKeyedStateEntries() > 0, "the closing's hour is still in the 24 h window");
            tick(harness, "COMMUNITY", COMMUNITY, H0 + 50 * HOUR);
            assertEquals(0, harness.numKeyedStateEntries(), "closed, out of every window and of the lateness: no state");
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void aStreetRaisesR6AsTheTransitionThatTakesItsIndexIntoHighRiskArrivesAndClearsAtTheFirstHourlyRowOutOfIt() throws Exception {
        Area street = AREAS.get(STREET);
        assertEquals(AreaLevel.STREET, street.level());
        long population = street.population();
        try (var harness = harness("STREET")) {
            // Enough police risk, disputes and mass gatherings for the index to fall below 55.
            int signals = (int) Math.ceil(RULES.threshold(AssessmentRules.Component.POLICE_RISK) * population / 10_000 / 8) + 1;
            int disputes = (int) Math.ceil(RULES.threshold(AssessmentRules.Component.DISPUTES) * population / 10_000) + 1;
            int gatherings = (int) Math.ceil(RULES.threshold(AssessmentRules.Component.MASS_GATHERING) * population / 10_000) + 1;
            long t = H0 + MINUTE;
            for (int i = 0; i < signals; i++) {
                ItemTransition signal = police("p" + i, COMMUNITY, "PUBLIC_ORDER", "PUBLIC_ORDER", t++);
                signal.riskLevel = 4;
                send(harness, signal);
            }
            for (int i = 0; i < gatherings; i++) {
                send(harness, police("m" + i, COMMUNITY, "MASS_GATHERING", "PETITION_SIGNAL", t++));
            }
            assertEquals(List.of(), warnings(harness), "police risk and mass gatherings take 40 points: still 关注");
            for (int i = 0; i < disputes; i++) {
                send(harness, grid("d" + i, COMMUNITY, "DISPUTE", t++));
            }
            List<WarningChange> raised = warnings(harness);
            assertEquals(1, raised.size(), "opened once, at the transition that took it into high risk, before the hour is final");
            WarningChange opened = raised.get(0);
            assertEquals("R6", opened.rule);
            assertEquals("OPENED", opened.status);
            assertEquals("ORANGE", opened.level);
            assertEquals(STREET, opened.areaCode);
            assertEquals("STREET", opened.areaLevel);
            assertEquals(STREET, opened.routedToArea);
            assertTrue(opened.changedAt < H0 + HOUR, "on arrival, not at the hour's end");
            assertTrue(opened.summary.contains("高风险") && opened.summary.contains("points off"), opened.summary);

            tick(harness, "STREET", STREET, H0);
            assertEquals(2, warnings(harness).size(), "the hour's row is high risk too: updated with the disputes that came after");
            assertEquals("UPDATED", warnings(harness).get(1).status);
            assertEquals(H0 + HOUR, warnings(harness).get(1).changedAt);
            for (int h = 1; h < 24; h++) {
                tick(harness, "STREET", STREET, H0 + h * HOUR);
            }
            assertEquals(2, warnings(harness).size(), "the same evidence every hour after: no change");
            tick(harness, "STREET", STREET, H0 + 24 * HOUR);
            WarningChange cleared = warnings(harness).get(warnings(harness).size() - 1);
            assertEquals("CLEARED", cleared.status);
            assertEquals(opened.warningId, cleared.warningId);
            assertEquals(H0 + 25 * HOUR, cleared.changedAt, "the first hourly row whose window no longer holds them");
            Map<String, Long> byStatus = warnings(harness).stream().collect(Collectors.groupingBy(c -> c.status, Collectors.counting()));
            assertEquals(Map.of("OPENED", 1L, "UPDATED", 1L, "CLEARED", 1L), byStatus);
            assertEquals(List.of(1L, 2L, 3L), warnings(harness).stream().map(c -> c.seq).toList());
        }
    }
}
