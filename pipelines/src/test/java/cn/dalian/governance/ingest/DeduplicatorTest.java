package cn.dalian.governance.ingest;

import static cn.dalian.governance.ingest.Transitions.assertNothingLeft;
import static cn.dalian.governance.ingest.Transitions.counted;
import static cn.dalian.governance.ingest.Transitions.items;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.job.EncodedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The dedupe step of the keyed operator ({@link ItemSteps}, {@link Deduplicator}). */
class DeduplicatorTest {
    private static final Instant T0 = Instant.parse("2026-10-01T01:00:00Z");
    private static final long HORIZON = Duration.ofHours(6).toMillis();
    private static final long REOPEN = Duration.ofDays(3).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness() throws Exception {
        return Transitions.itemSteps(HORIZON, REOPEN);
    }

    private static List<String> passed(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) {
        return items(harness).stream().map(Item::getEventId).toList();
    }

    private static long duplicates(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) throws Exception {
        harness.prepareSnapshotPreBarrier(99L);
        return counted(harness.getSideOutput(IngestTags.OUTCOMES), Outcome.Kind.DUPLICATE);
    }

    @Test
    void passesTheFirstCopyAndDropsTheRest() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli());
            harness.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli() + 60_000);
            harness.processElement(Transitions.grid("e2", "i1", GridState.ASSIGNED, T0.plusSeconds(600)), T0.toEpochMilli() + 600_000);
            assertEquals(List.of("e1", "e2"), passed(harness));
            assertEquals(1, duplicates(harness));
            harness.processWatermark(T0.toEpochMilli() + HORIZON + 600_000);
            assertEquals(1, harness.numKeyedStateEntries(), "the open item's lifecycle is kept, its event ids forgotten");
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void remembersIdsAcrossARestoreFromASnapshotTakenMidway() throws Exception {
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
            assertEquals(1, duplicates(restored));
        }
    }

    @Test
    void forgetsAnIdOnceTheWatermarkPassesTheHorizonLeavingNoState() throws Exception {
        try (var harness = harness()) {
            harness.open();
            // a police signal has no lifecycle: only its event id is kept
            harness.processElement(Transitions.police("s1", T0), T0.toEpochMilli());
            harness.processWatermark(T0.toEpochMilli() + HORIZON - 1);
            assertEquals(1, harness.numKeyedStateEntries());
            harness.processWatermark(T0.toEpochMilli() + HORIZON);
            assertNothingLeft(harness);
        }
    }

    @Test
    void keepsOneTimerPerItemAndForgetsEachIdAtItsOwnHorizon() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(Transitions.grid("e1", "i1", GridState.COLLECTED, T0), T0.toEpochMilli());
            harness.processElement(Transitions.grid("e2", "i1", GridState.ASSIGNED, T0.plusSeconds(3600)), T0.toEpochMilli() + 3_600_000);
            harness.processElement(Transitions.grid("e3", "i1", GridState.HANDLING, T0.plusSeconds(7200)), T0.toEpochMilli() + 7_200_000);
            assertEquals(1, harness.numEventTimeTimers(), "one timer for the item's three ids");
            harness.processWatermark(T0.toEpochMilli() + HORIZON + 3_600_000);
            harness.processElement(Transitions.grid("e2", "i1", GridState.ASSIGNED, T0.plusSeconds(3600)), T0.toEpochMilli() + HORIZON + 3_600_001);
            harness.processElement(Transitions.grid("e3", "i1", GridState.HANDLING, T0.plusSeconds(7200)), T0.toEpochMilli() + HORIZON + 3_600_002);
            assertEquals(List.of("e1", "e2", "e3"), passed(harness), "e2 forgotten at its horizon (it passes again, and is illegal then), e3 still remembered");
            assertEquals(1, duplicates(harness));
        }
    }
}
