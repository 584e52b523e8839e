package cn.dalian.governance.assess;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Items and harnesses for the R2 and R5 rule tests. */
final class AssessRuleFixtures {
    static final String COMMUNITY = "210214012206";
    static final String OTHER_COMMUNITY = "210214012207";
    static final String STREET = "210214012";
    static final String DISTRICT = "210214";
    static final long MINUTE = Duration.ofMinutes(1).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();
    /** 06:00 on 1 October 2026 in Dalian (UTC+8), an hour boundary. */
    static final long SIX_AM = Instant.parse("2026-10-01T06:00:00+08:00").toEpochMilli();

    private AssessRuleFixtures() {}

    static KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness(
            KeyedProcessFunction<String, ItemTransition, WarningChange> rule, KeySelector<ItemTransition, String> key) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange>(new KeyedProcessOperator<>(rule), key, Types.STRING);
        harness.setup();
        return harness;
    }

    static ItemTransition item(String source, String itemId, String previous, String state, long at) {
        ItemTransition t = new ItemTransition();
        t.itemId = itemId;
        t.eventId = itemId + "/" + state + "/" + at;
        t.source = source;
        t.previousState = previous;
        t.state = state;
        t.occurredAt = at;
        t.gridCode = COMMUNITY + "001";
        t.communityCode = COMMUNITY;
        t.streetCode = STREET;
        t.districtCode = DISTRICT;
        t.matterCode = "PF-01";
        t.matterGroup = "PUBLIC_FACILITIES";
        t.urgency = "NORMAL";
        t.personKeys = List.of();
        return t;
    }

    /** A transition of an item already known (for the SLA fields as the ingest job sets them on every transition). */
    static ItemTransition next(ItemTransition first, String previous, String state, long at) {
        ItemTransition t = item(first.source, first.itemId, previous, state, at);
        t.communityCode = first.communityCode;
        t.dispatchDueAt = first.dispatchDueAt;
        t.resolveDueAt = first.resolveDueAt;
        return t;
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, WarningChange> harness, ItemTransition t) throws Exception {
        harness.processElement(t, t.occurredAt);
    }
}
