package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventTimeOrderTest {
    private static ItemTransition at(String id, long occurredAt) {
        ItemTransition t = new ItemTransition();
        t.itemId = id;
        t.communityCode = "210202001001";
        t.occurredAt = occurredAt;
        return t;
    }

    @Test
    void releasesTransitionsInEventTimeOrderAsTheWatermarkPassesAndKeepsNothing() throws Exception {
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, ItemTransition>(
                new KeyedProcessOperator<>(new EventTimeOrder()), t -> t.communityCode, Types.STRING)) {
            harness.open();
            harness.processElement(at("c", 300), 300);
            harness.processElement(at("a", 100), 100);
            harness.processElement(at("b", 200), 200);
            harness.processWatermark(150);
            assertEquals(List.of("a"), ids(harness));
            harness.processElement(at("late", 120), 120);
            harness.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of("a", "late", "b", "c"), ids(harness), "a late transition passes at once, the rest in order");
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    private static List<String> ids(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, ItemTransition> harness) {
        return harness.extractOutputValues().stream().map(t -> t.itemId).toList();
    }
}
