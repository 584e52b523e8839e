package cn.dalian.governance.assess;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Transitions, harnesses and checks for the R1, R3 and R4 rule tests. */
final class AssessFixtures {
    /** The rules as shipped (R1: 2 / 4 in 6 h; R3: 1 + 2 + 1 in 48 h; R4: 3 open in 30 days). */
    static final AssessmentRules RULES = AssessmentRules.loadDefault();
    /** The scenario of scripted incidents the simulator plays (relative to the pipelines module). */
    static final java.nio.file.Path SCENARIO = java.nio.file.Path.of("..", "infra", "scenarios", "incidents.json");
    static final long MINUTE = Duration.ofMinutes(1).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long DAY = Duration.ofDays(1).toMillis();

    private AssessFixtures() {}

    /** Epoch millis of an ISO-8601 time with offset ({@code 2026-10-01T09:30:00+08:00}). */
    static long at(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant().toEpochMilli();
    }

    /** The street of a 12-digit community code: its first 9 digits. */
    static String streetOf(String community) {
        return community.substring(0, 9);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness(
            KeyedProcessFunction<String, ItemTransition, WarningChange> rule, KeySelector<ItemTransition, String> key) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange>(new KeyedProcessOperator<>(rule), key, Types.STRING);
        harness.setup();
        return harness;
    }

    private static ItemTransition base(String source, String itemId, String community, String group, String previous, String state, long at) {
        ItemTransition t = new ItemTransition();
        t.itemId = itemId;
        t.eventId = itemId + "/" + state + "/" + at;
        t.source = source;
        t.occurredAt = at;
        t.previousState = previous;
        t.state = state;
        t.communityCode = community;
        t.streetCode = streetOf(community);
        t.districtCode = community.substring(0, 6);
        t.matterGroup = group;
        t.matterCode = group + "-01";
        t.urgency = "NORMAL";
        t.personKeys = List.of();
        return t;
    }

    /** A police risk signal (no lifecycle: always a first transition). */
    static ItemTransition police(String itemId, String community, String signalType, String group, long at) {
        ItemTransition t = base("POLICE", itemId, community, group, null, "SIGNALLED", at);
        t.signalType = signalType;
        t.riskLevel = 3;
        return t;
    }

    /** A mass-gathering police signal (group PETITION_SIGNAL, as ingest maps it). */
    static ItemTransition massGathering(String itemId, String community, long at) {
        return police(itemId, community, "MASS_GATHERING", "PETITION_SIGNAL", at);
    }

    /** A new grid item (COLLECTED). */
    static ItemTransition grid(String itemId, String community, String group, long at) {
        ItemTransition t = base("GRID", itemId, community, group, null, "COLLECTED", at);
        t.gridCode = community + "001";
        return t;
    }

    /** A hotline case's first transition (RECEIVED). */
    static ItemTransition hotline(String itemId, String caller, String community, String group, String requestType, long at) {
        return hotline(itemId, caller, community, group, requestType, null, "RECEIVED", at);
    }

    /** A hotline case transition {@code previous → state}. */
    static ItemTransition hotline(String itemId, String caller, String community, String group, String requestType, String previous, String state, long at) {
        ItemTransition t = base("HOTLINE", itemId, community, group, previous, state, at);
        t.requestType = requestType;
        t.personKeys = List.of(caller, caller + "-name");
        return t;
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, ItemTransition t) throws Exception {
        harness.processElement(t, t.occurredAt);
    }

    static List<WarningChange> changes(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness) {
        return harness.extractOutputValues();
    }

    /** The changes as {@code STATUS LEVEL@changedAt}, for whole-sequence assertions. */
    static List<String> story(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness) {
        return changes(harness).stream().map(c -> c.status + " " + c.level + "@" + c.changedAt).toList();
    }

    static String step(String status, String level, long at) {
        return status + " " + level + "@" + at;
    }

    /** Every field of each change, one line each: for comparing whole outputs. */
    static List<String> render(List<WarningChange> changes) {
        return changes.stream().map(c -> c.warningId + "#" + c.seq + " " + c.rule + " " + c.status + " " + c.level + " " + c.areaCode + "/" + c.areaLevel
                + " @" + c.changedAt + " [" + c.windowStart + "," + c.windowEnd + "] " + c.itemIds + " " + c.counts + " " + c.thresholds
                + " -> " + c.routedToStreet + "/" + c.routedToLevel + "/" + c.routedToArea + " " + c.summary).toList();
    }

    static WarningChange last(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness) {
        List<WarningChange> all = changes(harness);
        return all.get(all.size() - 1);
    }
}
