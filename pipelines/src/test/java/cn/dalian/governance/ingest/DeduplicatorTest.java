package cn.dalian.governance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.avro.GridState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private static final Instant T0 = Instant.parse("2026-10-01T01:00:00Z");
    private static final long HORIZON = Duration.ofHours(6).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Deduplicator(HORIZON)), t -> t.itemId, Types.STRING);
        harness.setup();
        return harness;
    }

    private static List<String> passed(KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition> harness) {
        return harness.extractOutputValues().stream().map(t -> t.eventId).toList();
    }

    @Test
    void passesTheFirstCopyAndDropsTheRest() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli());
            harness.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli() + 60_000);
            harness.processElement(Transitions.grid("e2", "i1", GridState.ASSIGNED, T0.plusSeconds(600)), T0.toEpochMilli() + 600_000);
            assertEquals(List.of("e1", "e2"), passed(harness));
            assertEquals(1, harness.getSideOutput(Deduplicator.DUPLICATES).size());
        }
    }

    @Test
    void remembersIdsAcrossARestoreFromASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            harness.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli());
            snapshot = harness.snapshot(1L, T0.toEpochMilli());
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli() + 1000);
            restored.processElement(Transitions.grid("e3", "i2", GridState.COLLECTED, T0), T0.toEpochMilli() + 2000);
            assertEquals(List.of("e3"), passed(restored));
            assertEquals(1, restored.getSideOutput(Deduplicator.DUPLICATES).size());
        }
    }

    @Test
    void forgetsAnIdOnceTheWatermarkPassesTheHorizonLeavingNoState() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli());
            harness.processWatermark(T0.toEpochMilli() + HORIZON - 1);
            assertEquals(1, harness.numKeyedStateEntries());
            harness.processWatermark(T0.toEpochMilli() + HORIZON);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }
}
