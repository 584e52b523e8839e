package cn.dalian.governance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-checkpoint balance of ingest: read = curated + dead letters + duplicates, per topic, across a restore. */
class ReconciliationTest {
    private static OneInputStreamOperatorTestHarness<Outcome, Void> harness(Reconciliation reconciliation, OperatorSubtaskState restore) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(reconciliation));
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    private static void send(OneInputStreamOperatorTestHarness<Outcome, Void> harness, String topic, Outcome.Kind kind, String reason, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            harness.processElement(new StreamRecord<>(new Outcome(topic, kind, reason)));
        }
    }

    @Test
    void theCheckpointLineBalancesEachTopicAndListsDeadLettersByReasonAndLateRecords() throws Exception {
        Reconciliation reconciliation = new Reconciliation();
        try (var harness = harness(reconciliation, null)) {
            send(harness, Topics.GRID_EVENTS, Outcome.Kind.READ, null, 10);
            send(harness, Topics.GRID_EVENTS, Outcome.Kind.CURATED, null, 6);
            send(harness, Topics.GRID_EVENTS, Outcome.Kind.DEAD_LETTER, "UNDECODABLE", 2);
            send(harness, Topics.GRID_EVENTS, Outcome.Kind.DEAD_LETTER, "UNKNOWN_AREA", 1);
            send(harness, Topics.GRID_EVENTS, Outcome.Kind.DUPLICATE, null, 1);
            send(harness, Topics.GRID_EVENTS, Outcome.Kind.LATE, null, 3);
            assertTrue(reconciliation.balanced());
            String line = reconciliation.report(4);
            assertTrue(line.startsWith("ingest checkpoint 4 reconciled"), line);
            assertTrue(line.contains("gov.grid.events.v1     read 10 = curated 6 + dead letters 3 + duplicates 1; late 3 [UNDECODABLE 2] [UNKNOWN_AREA 1]"), line);

            send(harness, Topics.HOTLINE_CASES, Outcome.Kind.READ, null, 1);
            assertFalse(reconciliation.balanced(), "a record read and not yet accounted for");
            assertTrue(reconciliation.report(5).contains("DOES NOT RECONCILE"));
        }
    }

    @Test
    void countsContinueAfterARestoreFromASnapshotTakenMidway() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(new Reconciliation(), null)) {
            send(harness, Topics.POLICE_RISK, Outcome.Kind.READ, null, 3);
            send(harness, Topics.POLICE_RISK, Outcome.Kind.CURATED, null, 3);
            snapshot = harness.snapshot(1L, 1L);
        }
        Reconciliation restored = new Reconciliation();
        try (var harness = harness(restored, snapshot)) {
            send(harness, Topics.POLICE_RISK, Outcome.Kind.READ, null, 2);
            send(harness, Topics.POLICE_RISK, Outcome.Kind.DUPLICATE, null, 1);
            send(harness, Topics.POLICE_RISK, Outcome.Kind.CURATED, null, 1);
            assertTrue(restored.balanced());
            assertEquals(5L, restored.copy().get(Topics.POLICE_RISK).get("READ"));
            assertTrue(restored.report(2).contains("read 5 = curated 4 + dead letters 0 + duplicates 1"), restored.report(2));
        }
    }
}
