package cn.dalian.governance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.GridState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LifecycleValidatorTest {
    private static final Instant T0 = Instant.parse("2026-10-01T01:00:00Z");
    private static final long REOPEN = Duration.ofDays(3).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition>(
                new KeyedProcessOperator<>(new LifecycleValidator(REOPEN)), t -> t.itemId, Types.STRING);
        harness.setup();
        return harness;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition> harness, String eventId, GridState state, int minutes) throws Exception {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        harness.processElement(Transitions.grid(eventId, "i1", state, at), at.toEpochMilli());
    }

    private static List<String> states(KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition> harness) {
        return harness.extractOutputValues().stream().map(t -> t.previousState + ">" + t.state).toList();
    }

    @Test
    void passesALegalChainWithPreviousStatesAndCreationTime() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, "e1", GridState.COLLECTED, 0);
            send(harness, "e2", GridState.ASSIGNED, 30);
            send(harness, "e3", GridState.HANDLING, 60);
            assertEquals(List.of("null>COLLECTED", "COLLECTED>ASSIGNED", "ASSIGNED>HANDLING"), states(harness));
            assertEquals(T0.toEpochMilli(), harness.extractOutputValues().get(2).createdAt);
        }
    }

    @Test
    void rejectsAnIllegalTransitionAndKeepsTheItemWhereItWas() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, "e1", GridState.COLLECTED, 0);
            send(harness, "bad", GridState.CLOSED, 1);
            send(harness, "e2", GridState.ASSIGNED, 30);
            assertEquals(List.of("null>COLLECTED", "COLLECTED>ASSIGNED"), states(harness));
            var rejected = harness.getSideOutput(FeedDecoder.REJECTED);
            assertEquals(1, rejected.size());
            assertEquals(DeadLetterReason.ILLEGAL_TRANSITION, rejected.peek().getValue().reason);
        }
    }

    @Test
    void rejectsAnItemThatDoesNotStartCollected() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, "e1", GridState.HANDLING, 0);
            assertEquals(List.of(), states(harness));
            assertEquals(1, harness.getSideOutput(FeedDecoder.REJECTED).size());
            assertEquals(0, harness.numKeyedStateEntries());
        }
    }

    @Test
    void continuesAnItemAfterRestoringASnapshotTakenMidway() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            send(harness, "e1", GridState.COLLECTED, 0);
            send(harness, "e2", GridState.ASSIGNED, 30);
            snapshot = harness.snapshot(1L, T0.toEpochMilli());
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            send(restored, "e3", GridState.HANDLING, 60);
            send(restored, "bad", GridState.ASSIGNED, 61);
            assertEquals(List.of("ASSIGNED>HANDLING"), states(restored));
            assertEquals(T0.toEpochMilli(), restored.extractOutputValues().get(0).createdAt);
        }
    }

    @Test
    void reopeningInsideTheWindowContinuesTheItem() throws Exception {
        try (var harness = harness()) {
            harness.open();
            closeItem(harness);
            harness.processWatermark(T0.plus(Duration.ofDays(1)).toEpochMilli());
            send(harness, "e7", GridState.REOPENED, 60 * 24 * 2);
            assertEquals("CLOSED>REOPENED", states(harness).get(states(harness).size() - 1));
            assertEquals(0, harness.numEventTimeTimers(), "the clearing timer is cancelled on reopening");
        }
    }

    @Test
    void dropsAClosedItemsStateAfterTheReopenWindowLeavingNoStateOrTimers() throws Exception {
        try (var harness = harness()) {
            harness.open();
            closeItem(harness);
            assertEquals(1, harness.numKeyedStateEntries());
            assertEquals(1, harness.numEventTimeTimers());
            long closedAt = harness.extractOutputValues().get(5).occurredAt;
            harness.processWatermark(closedAt + REOPEN - 1);
            assertEquals(1, harness.numKeyedStateEntries(), "still reopenable just before the window ends");
            harness.processWatermark(closedAt + REOPEN);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
            assertNull(harness.getSideOutput(FeedDecoder.REJECTED));
        }
    }

    private static void closeItem(KeyedOneInputStreamOperatorTestHarness<String, Transition, Transition> harness) throws Exception {
        send(harness, "e1", GridState.COLLECTED, 0);
        send(harness, "e2", GridState.ASSIGNED, 30);
        send(harness, "e3", GridState.HANDLING, 60);
        send(harness, "e4", GridState.FEEDBACK, 600);
        send(harness, "e5", GridState.VERIFIED, 700);
        send(harness, "e6", GridState.CLOSED, 720);
    }
}
