package cn.dalian.governance.ingest;

import static cn.dalian.governance.ingest.Transitions.assertNothingLeft;
import static cn.dalian.governance.ingest.Transitions.counted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.job.EncodedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

/** The keyed step's outputs: every transition's item_event row at once, the latest item_current row of each item before each barrier. */
class ItemStepsTest {
    private static final Instant T0 = Instant.parse("2026-10-01T01:00:00Z");
    private static final long HORIZON = Duration.ofHours(6).toMillis();
    private static final long REOPEN = Duration.ofDays(3).toMillis();

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness, Transition t) throws Exception {
        harness.processElement(t, t.raw.timestamp);
    }

    private static List<String> current(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) {
        var rows = harness.getSideOutput(IngestTags.ITEM_CURRENT);
        return rows == null ? List.of() : rows.stream().map(StreamRecord::getValue).map(row -> row.getString(1) + " " + row.getString(5)).sorted().toList();
    }

    @Test
    void sendsEveryTransitionToItemEventAndOnlyTheLatestOfEachItemToItemCurrentBeforeTheBarrier() throws Exception {
        try (var harness = Transitions.itemSteps(HORIZON, REOPEN)) {
            harness.open();
            send(harness, Transitions.grid("e1", "i1", GridState.COLLECTED, T0));
            send(harness, Transitions.grid("e2", "i1", GridState.ASSIGNED, T0.plusSeconds(60)));
            send(harness, Transitions.grid("e3", "i2", GridState.COLLECTED, T0.plusSeconds(60)));
            send(harness, Transitions.police("s1", T0.plusSeconds(90)));
            assertEquals(4, harness.getSideOutput(IngestTags.ITEM_EVENTS).size());
            assertEquals(4, harness.extractOutputValues().size(), "every transition to gov.items.v1");
            assertEquals(List.of(), current(harness), "item_current waits for the barrier");
            harness.prepareSnapshotPreBarrier(1L);
            assertEquals(List.of("GRID:i1 ASSIGNED", "GRID:i2 COLLECTED", "POLICE:s1 SIGNALLED"), current(harness));
            assertEquals(4, counted(harness.getSideOutput(IngestTags.OUTCOMES), Outcome.Kind.CURATED));

            send(harness, Transitions.grid("e4", "i1", GridState.HANDLING, T0.plusSeconds(120)));
            harness.prepareSnapshotPreBarrier(2L);
            assertEquals(List.of("GRID:i1 ASSIGNED", "GRID:i1 HANDLING", "GRID:i2 COLLECTED", "POLICE:s1 SIGNALLED"), current(harness),
                    "after the next barrier: only the item that changed");
        }
    }

    @Test
    void theItemEventRowIsBuiltFromTheConformedItemWithItsSourcePosition() throws Exception {
        try (var harness = Transitions.itemSteps(HORIZON, REOPEN)) {
            harness.open();
            Transition t = Transitions.grid("e1", "i1", GridState.COLLECTED, T0);
            send(harness, t);
            RowData row = harness.getSideOutput(IngestTags.ITEM_EVENTS).peek().getValue();
            var item = Transitions.items(harness).get(0);
            assertEquals(List.of(item.getEventId(), item.getItemId(), item.getDescriptionMasked(), t.raw.topic),
                    List.of(row.getString(0).toString(), row.getString(1).toString(), row.getString(20).toString(), row.getString(34).toString()));
            assertEquals(t.raw.offset, row.getLong(36));
            assertEquals("邻里纠纷，联系电话[手机号]", item.getDescriptionMasked());
        }
    }

    @Test
    void aClosedItemLeavesNothingBehindOnceItsReopenWindowHasPassed() throws Exception {
        try (var harness = Transitions.itemSteps(HORIZON, REOPEN)) {
            harness.open();
            GridState[] chain = {GridState.COLLECTED, GridState.ASSIGNED, GridState.HANDLING, GridState.FEEDBACK, GridState.VERIFIED, GridState.CLOSED};
            for (int i = 0; i < chain.length; i++) {
                send(harness, Transitions.grid("e" + i, "i1", chain[i], T0.plusSeconds(60L * i)));
            }
            harness.prepareSnapshotPreBarrier(1L);
            assertEquals(List.of("GRID:i1 CLOSED"), current(harness));
            assertNull(harness.getSideOutput(IngestTags.REJECTED));
            harness.processWatermark(T0.plus(Duration.ofDays(4)).toEpochMilli());
            assertNothingLeft(harness);
        }
    }

    @Test
    void aSubtaskWithNothingToSendCarriesItsAdvancingWatermarkInAClockBeat() throws Exception {
        try (var harness = Transitions.itemSteps(HORIZON, REOPEN)) {
            harness.open();
            long t0 = T0.toEpochMilli();
            Thread.sleep(150);
            harness.processWatermark(t0);
            assertEquals(List.of("beat@" + t0), sent(harness), "quiet for longer than the beat interval: a beat with the watermark");
            harness.processWatermark(t0);
            assertEquals(1, sent(harness).size(), "the watermark did not advance: no beat");

            send(harness, Transitions.police("s1", T0.plusSeconds(30)));
            harness.processWatermark(t0 + 1000);
            assertEquals(List.of("beat@" + t0, "item@" + t0), sent(harness), "an item just went out, with the clock: no beat");
            Thread.sleep(150);
            harness.processWatermark(t0 + 2000);
            assertEquals(List.of("beat@" + t0, "item@" + t0, "beat@" + (t0 + 2000)), sent(harness));
        }
    }

    /** What went to gov.items.v1: items and beats, each with the clock it carries. */
    private static List<String> sent(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) {
        return harness.extractOutputValues().stream().map(record -> (record.isClockBeat() ? "beat@" : "item@") + record.watermark).toList();
    }
}
