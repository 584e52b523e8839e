package cn.dalian.governance.ingest;

import static cn.dalian.governance.ingest.Transitions.assertNothingLeft;
import static cn.dalian.governance.ingest.Transitions.items;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.job.EncodedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The lifecycle step of the keyed operator ({@link ItemSteps}, {@link LifecycleValidator}). */
class LifecycleValidatorTest {
    private static final Instant T0 = Instant.parse("2026-10-01T01:00:00Z");
    private static final long HORIZON = Duration.ofHours(6).toMillis();
    private static final long REOPEN = Duration.ofDays(3).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness() throws Exception {
        return Transitions.itemSteps(HORIZON, REOPEN);
    }

    private static Transition send(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness, String eventId, GridState state, int minutes)
            throws Exception {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        Transition t = Transitions.grid(eventId, "i1", state, at);
        harness.processElement(t, at.toEpochMilli());
        return t;
    }

    private static List<String> states(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) {
        return items(harness).stream().map(item -> item.getPreviousState() + ">" + item.getState()).toList();
    }

    /** Past every dedupe horizon and reopen window: the item is forgotten. */
    private static void forgetEverything(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) throws Exception {
        harness.processWatermark(T0.plus(Duration.ofDays(30)).toEpochMilli());
    }

    @Test
    void passesALegalChainWithPreviousStatesAndCreationTime() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, "e1", GridState.COLLECTED, 0);
            send(harness, "e2", GridState.ASSIGNED, 30);
            Transition third = send(harness, "e3", GridState.HANDLING, 60);
            assertEquals(List.of("null>COLLECTED", "COLLECTED>ASSIGNED", "ASSIGNED>HANDLING"), states(harness));
            assertEquals(T0.toEpochMilli(), third.createdAt);
        }
    }

    @Test
    void rejectsAnIllegalTransitionAndKeepsTheItemWhereItWas() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, "e1", GridState.COLLECTED, 0);
            Transition bad = send(harness, "bad", GridState.CLOSED, 1);
            send(harness, "e2", GridState.ASSIGNED, 30);
            assertEquals(List.of("null>COLLECTED", "COLLECTED>ASSIGNED"), states(harness));
            var rejected = harness.getSideOutput(IngestTags.REJECTED);
            assertEquals(1, rejected.size());
            assertEquals(DeadLetterReason.ILLEGAL_TRANSITION, rejected.peek().getValue().reason);
            assertEquals(bad.raw, rejected.peek().getValue().raw, "the exact raw record goes to the dead letters");
        }
    }

    @Test
    void rejectsAnItemThatDoesNotStartCollected() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, "e1", GridState.HANDLING, 0);
            assertEquals(List.of(), states(harness));
            assertEquals(1, harness.getSideOutput(IngestTags.REJECTED).size());
            assertEquals(1, harness.numKeyedStateEntries(), "only the event id, for the dedupe horizon");
            forgetEverything(harness);
            assertNothingLeft(harness);
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
            Transition handling = send(restored, "e3", GridState.HANDLING, 60);
            send(restored, "bad", GridState.ASSIGNED, 61);
            assertEquals(List.of("ASSIGNED>HANDLING"), states(restored));
            assertEquals(T0.toEpochMilli(), handling.createdAt);
        }
    }

    @Test
    void reopeningInsideTheWindowContinuesTheItem() throws Exception {
        try (var harness = harness()) {
            harness.open();
            closeItem(harness);
            harness.processWatermark(T0.plus(Duration.ofDays(1)).toEpochMilli());
            assertEquals(1, harness.numEventTimeTimers(), "the event ids are forgotten, the clearing timer waits");
            send(harness, "e7", GridState.REOPENED, 60 * 24 * 2);
            assertEquals("CLOSED>REOPENED", states(harness).get(states(harness).size() - 1));
            assertEquals(1, harness.numEventTimeTimers(), "the clearing timer is cancelled on reopening; e7's id is remembered");
            forgetEverything(harness);
            assertEquals(1, harness.numKeyedStateEntries(), "a reopened item stays open");
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void dropsAClosedItemsStateAfterTheReopenWindowLeavingNoStateOrTimers() throws Exception {
        try (var harness = harness()) {
            harness.open();
            closeItem(harness);
            long closedAt = items(harness).get(5).getOccurredAt().toEpochMilli();
            harness.processWatermark(closedAt + HORIZON);
            assertEquals(1, harness.numKeyedStateEntries(), "the event ids are forgotten, the closed item kept");
            assertEquals(1, harness.numEventTimeTimers());
            harness.processWatermark(closedAt + REOPEN - 1);
            assertEquals(1, harness.numKeyedStateEntries(), "still reopenable just before the window ends");
            harness.processWatermark(closedAt + REOPEN);
            assertNothingLeft(harness);
            assertNull(harness.getSideOutput(IngestTags.REJECTED));
        }
    }

    private static void closeItem(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) throws Exception {
        send(harness, "e1", GridState.COLLECTED, 0);
        send(harness, "e2", GridState.ASSIGNED, 30);
        send(harness, "e3", GridState.HANDLING, 60);
        send(harness, "e4", GridState.FEEDBACK, 600);
        send(harness, "e5", GridState.VERIFIED, 700);
        send(harness, "e6", GridState.CLOSED, 720);
    }
}
