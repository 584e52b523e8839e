package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StabilityDropRuleTest {
    private static final String STREET = "210211006";
    private static final long HOUR = 3_600_000L;
    /** The row of the hour 10:00–11:00 on 1 October 2026 in Dalian (UTC+8). */
    private static final long TEN = OffsetDateTime.parse("2026-10-01T10:00:00+08:00").toInstant().toEpochMilli();

    private static KeyedOneInputStreamOperatorTestHarness<String, StabilityRow, WarningChange> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, StabilityRow, WarningChange>(
                new KeyedProcessOperator<>(new StabilityDropRule(AssessmentRules.loadDefault())), StabilityDropRule::key, Types.STRING);
        harness.setup();
        harness.open();
        return harness;
    }

    /** A street row with the counts of the tracker test's busy hour. */
    private static StabilityRow row(String areaLevel, long hourStart, double index, String band, String bandLabel, List<String> itemIds) {
        StabilityRow row = new StabilityRow();
        row.areaCode = STREET;
        row.areaLevel = areaLevel;
        row.hourStart = hourStart;
        row.population = 116_440;
        row.index = index;
        row.band = band;
        row.bandLabel = bandLabel;
        row.disputes = 12;
        row.overdue = 9;
        row.policeSignals = 10;
        row.policeRiskWeight = 30;
        row.complaints = 20;
        row.repeatComplaints = 4;
        row.rated = 10;
        row.unsatisfied = 5;
        row.itemIds = itemIds;
        return row;
    }

    private static StabilityRow street(long hourStart, double index, String band, String bandLabel, List<String> itemIds) {
        return row("STREET", hourStart, index, band, bandLabel, itemIds);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, StabilityRow, WarningChange> harness, StabilityRow row) throws Exception {
        harness.processElement(row, row.hourStart + HOUR);
    }

    private static List<String> story(KeyedOneInputStreamOperatorTestHarness<String, StabilityRow, WarningChange> harness) {
        return harness.extractOutputValues().stream().map(c -> c.status + " " + c.level + "@" + c.changedAt).toList();
    }

    @Test
    void anAttentionBandRaisesNothingAndKeepsNoState() throws Exception {
        try (var harness = harness()) {
            send(harness, street(TEN, 60.83, "ATTENTION", "关注", List.of("a")));
            assertEquals(List.of(), story(harness));
            assertEquals(0, harness.numKeyedStateEntries());
        }
    }

    @Test
    void aCommunityRowIsNotR6sEvenInHighRisk() throws Exception {
        try (var harness = harness()) {
            send(harness, row("COMMUNITY", TEN, 40.00, "HIGH_RISK", "高风险", List.of("a")));
            assertEquals(List.of(), story(harness));
            assertEquals(0, harness.numKeyedStateEntries());
        }
    }

    @Test
    void highRiskOpensOrangeSameEvidenceIsSilentMoreEvidenceUpdatesAndLeavingHighRiskClears() throws Exception {
        long eleven = TEN + HOUR;
        try (var harness = harness()) {
            send(harness, street(TEN - HOUR, 60.83, "ATTENTION", "关注", List.of("a", "b")));
            send(harness, street(TEN, 52.50, "HIGH_RISK", "高风险", List.of("a", "b", "c")));
            assertEquals(List.of("OPENED ORANGE@" + eleven), story(harness));
            WarningChange opened = harness.extractOutputValues().get(0);
            assertEquals("R6", opened.rule);
            assertEquals(STREET, opened.areaCode);
            assertEquals("STREET", opened.areaLevel);
            assertEquals("R6:" + STREET + ":" + eleven, opened.warningId);
            assertEquals(eleven - 24 * HOUR, opened.windowStart);
            assertEquals(eleven, opened.windowEnd);
            assertEquals(STREET, opened.routedToStreet);
            assertEquals("STREET", opened.routedToLevel);
            assertEquals(STREET, opened.routedToArea);
            assertEquals(List.of("a", "b", "c"), opened.itemIds);
            assertEquals(Map.of("population", 116_440L, "disputes", 12L, "overdue", 9L, "policeSignals", 10L, "policeRiskWeight", 30L,
                    "complaints", 20L, "repeatComplaints", 4L, "massGatheringSignals", 0L, "ratedClosings", 10L, "unsatisfiedClosings", 5L), opened.counts);
            assertEquals(Map.of("disputesPer10k", 3.0, "overduePer10k", 2.0, "policeRiskPer10k", 6.0, "complaintsPer10k", 4.0,
                    "massGatheringPer10k", 0.5, "unsatisfiedShare", 0.30, "repeatComplaintFactor", 2.0, "highRiskBelow", 55.0, "windowHours", 24.0),
                    opened.thresholds);
            assertTrue(opened.summary.contains("52.50") && opened.summary.contains("高风险") && opened.summary.contains("HIGH_RISK")
                    && opened.summary.contains("橙色"), opened.summary);
            assertEquals(1, harness.numKeyedStateEntries(), "the open warning");

            // Still high risk with the same evidence: nothing to publish (a lower index alone is not more evidence).
            send(harness, street(TEN + HOUR, 52.50, "HIGH_RISK", "高风险", List.of("a", "b", "c")));
            send(harness, street(TEN + 2 * HOUR, 50.10, "HIGH_RISK", "高风险", List.of("a", "b", "d")));
            assertEquals(1, story(harness).size());

            // More items behind a worse index: UPDATED, same warning.
            send(harness, street(TEN + 3 * HOUR, 45.83, "HIGH_RISK", "高风险", List.of("a", "b", "c", "d")));
            assertEquals(List.of("OPENED ORANGE@" + eleven, "UPDATED ORANGE@" + (TEN + 4 * HOUR)), story(harness));
            WarningChange updated = harness.extractOutputValues().get(1);
            assertEquals(opened.warningId, updated.warningId);
            assertEquals(List.of("a", "b", "c", "d"), updated.itemIds);
            assertTrue(updated.summary.contains("45.83"), updated.summary);

            // Back to attention: CLEARED, and nothing kept.
            send(harness, street(TEN + 4 * HOUR, 60.83, "ATTENTION", "关注", List.of("a", "b")));
            assertEquals(List.of("OPENED ORANGE@" + eleven, "UPDATED ORANGE@" + (TEN + 4 * HOUR), "CLEARED ORANGE@" + (TEN + 5 * HOUR)), story(harness));
            WarningChange cleared = harness.extractOutputValues().get(2);
            assertEquals(opened.warningId, cleared.warningId);
            assertTrue(cleared.summary.contains("60.83") && cleared.summary.contains("关注"), cleared.summary);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());

            // Later rows out of high risk publish nothing.
            send(harness, street(TEN + 5 * HOUR, 100.0, "STABLE", "稳定", List.of()));
            assertEquals(3, story(harness).size());
            assertEquals(0, harness.numKeyedStateEntries());
        }
    }
}
