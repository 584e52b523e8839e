package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessFixtures.HOUR;
import static cn.dalian.governance.assess.AssessFixtures.MINUTE;
import static cn.dalian.governance.assess.AssessFixtures.RULES;
import static cn.dalian.governance.assess.AssessFixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.job.IngestClock;
import cn.dalian.governance.job.Lineage;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.schema.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ItemClockTest {
    private static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);
    private static final String COMMUNITY = "210202001001";
    private static final long T0 = at("2026-10-01T10:05:00+08:00");
    private static final long BOUND = RULES.watermarkOutOfOrderness().toMillis();
    private static final long STEP = RULES.watermarkGranularity().toMillis();
    private static final AreaRegistry AREAS = AreaRegistry.loadDefault();
    private static final int AREAS_TICKED = (int) (AREAS.atLevel(AreaLevel.COMMUNITY).stream().filter(a -> a.population() > 0).count()
            + AREAS.atLevel(AreaLevel.STREET).stream().filter(a -> a.population() > 0).count());

    private long offset;

    private static OneInputStreamOperatorTestHarness<ItemRecord, ItemTransition> harness() throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<ItemRecord, ItemTransition>(new ItemClock(RULES));
        harness.setup();
        return harness;
    }

    private static byte[] item(String itemId, long occurredAt) {
        return ITEMS.encode(Item.newBuilder()
                .setEventId(itemId + "/1").setItemId(itemId).setSource(Source.POLICE)
                .setOccurredAt(Instant.ofEpochMilli(occurredAt)).setIngestedAt(Instant.ofEpochMilli(occurredAt))
                .setState("SIGNALLED").setCommunityCode(COMMUNITY).setStreetCode("210202001").setDistrictCode("210202")
                .setMatterGroup(MatterGroup.PUBLIC_ORDER).setUrgency(Urgency.NORMAL).setPersonKeys(List.of())
                .setDescriptionMasked("").setSignalType("PUBLIC_ORDER").setRiskLevel(1).build());
    }

    /**
     * An item written by subtask {@code subtask} of 2 of ingest job {@code gov-ingest}, from feed partition 0,
     * with its clock; the feed sent it {@code sentAt} (the record's timestamp).
     */
    private ItemRecord record(byte[] value, int subtask, long feedOffset, long ingestWatermark, long sentAt) {
        RawRecord raw = new RawRecord("gov.items.v1", 0, offset++, sentAt, null, value);
        return new ItemRecord(raw, new Lineage("gov-ingest", subtask, "gov.police.risk.v1", 0, feedOffset),
                new IngestClock("gov-ingest", subtask, 2, ingestWatermark));
    }

    /** An item sent 30 s after it happened at {@code occurredAt}. */
    private ItemRecord record(String itemId, long occurredAt, int subtask, long feedOffset, long ingestWatermark) {
        return record(item(itemId, occurredAt), subtask, feedOffset, ingestWatermark, occurredAt + 30_000);
    }

    /** A clock beat of subtask {@code subtask}: no item, only its watermark. */
    private ItemRecord beat(int subtask, long ingestWatermark) {
        RawRecord raw = new RawRecord("gov.items.v1", 0, offset++, ingestWatermark, null, new byte[0]);
        return new ItemRecord(raw, null, new IngestClock("gov-ingest", subtask, 2, ingestWatermark));
    }

    private static void send(OneInputStreamOperatorTestHarness<ItemRecord, ItemTransition> harness, ItemRecord record) throws Exception {
        harness.processElement(new StreamRecord<>(record));
    }

    /** The output in order: items as their id, ticks counted per hour, watermarks as W@time. */
    private static List<String> output(OneInputStreamOperatorTestHarness<ItemRecord, ItemTransition> harness) {
        List<String> out = new ArrayList<>();
        int ticks = 0;
        long tickHour = 0;
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record && ((ItemTransition) record.getValue()).isTick()) {
                ItemTransition tick = (ItemTransition) record.getValue();
                if (ticks > 0 && tick.occurredAt != tickHour) {
                    out.add("ticks " + ticks + "@" + tickHour);
                    ticks = 0;
                }
                tickHour = tick.occurredAt;
                ticks++;
                continue;
            }
            if (ticks > 0) {
                out.add("ticks " + ticks + "@" + tickHour);
                ticks = 0;
            }
            if (element instanceof StreamRecord<?> record) {
                ItemTransition t = (ItemTransition) record.getValue();
                out.add(t.itemId + "@" + record.getTimestamp());
            } else if (element instanceof Watermark watermark) {
                out.add("W@" + watermark.getTimestamp());
            }
        }
        if (ticks > 0) {
            out.add("ticks " + ticks + "@" + tickHour);
        }
        return out;
    }

    private static long clock(long ingestWatermark) {
        return Math.floorDiv(ingestWatermark - BOUND, STEP) * STEP;
    }

    @Test
    void theWatermarkIsTheLowestIngestSubtaskClockLessTheBoundEmittedRightAfterTheRecordThatMovesIt() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, record("POLICE:a", T0, 0, 1, T0 + MINUTE));
            assertEquals(List.of(), output(harness), "nothing goes on until every subtask of the ingest job has a clock");
            send(harness, record("POLICE:b", T0 + 2 * MINUTE, 1, 2, T0 + 30 * MINUTE));
            assertEquals(List.of("POLICE:a@" + T0, "POLICE:b@" + (T0 + 2 * MINUTE), "W@" + clock(T0 + MINUTE)), output(harness),
                    "both within the lead of the lower clock; then that clock less 15 min, in 10 s steps");
            send(harness, record("POLICE:c", T0 + 3 * HOUR, 1, 3, T0 + 3 * HOUR));
            assertEquals(3, output(harness).size(), "an item sent hours after the lowest clock waits: the other subtask may still send earlier items");
            send(harness, record("POLICE:d", T0 + 4 * MINUTE, 0, 4, T0 + 20 * MINUTE));
            assertEquals(List.of("POLICE:a@" + T0, "POLICE:b@" + (T0 + 2 * MINUTE), "W@" + clock(T0 + MINUTE), "POLICE:d@" + (T0 + 4 * MINUTE),
                    "W@" + clock(T0 + 20 * MINUTE)), output(harness));
            send(harness, beat(0, T0 + 3 * HOUR));
            List<String> out = output(harness);
            assertEquals("POLICE:c@" + (T0 + 3 * HOUR), out.get(5), "a clock beat of the quiet subtask lets the held item go on");
            assertEquals("W@" + clock(T0 + 3 * HOUR), out.get(out.size() - 1));
        }
    }

    @Test
    void itemsReadAheadOfIngestsClockGoOnInTheOrderTheFeedsSentThem() throws Exception {
        // A replay: ingest read partition A's day before partition B's, each on its own subtask.
        long day = at("2026-10-01T00:00:00+08:00");
        try (var harness = harness()) {
            harness.open();
            send(harness, beat(1, day - MINUTE));
            for (int i = 0; i < 6; i++) {
                send(harness, record("POLICE:a" + i, day + i * 4 * HOUR, 0, i, day + (i * 4 - 1) * HOUR));
            }
            List<String> atOnce = output(harness);
            assertEquals(List.of("POLICE:a0@" + day), atOnce.stream().filter(line -> line.startsWith("POLICE")).toList(),
                    "only the item within the lead of the lowest clock goes on");
            for (int i = 0; i < 6; i++) {
                send(harness, record("POLICE:b" + i, day + i * 4 * HOUR + HOUR, 1, i, day + i * 4 * HOUR));
            }
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            List<String> items = output(harness).stream().filter(line -> line.startsWith("POLICE")).map(line -> line.substring(7, line.indexOf('@'))).toList();
            assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4", "a5", "b5"), items, "interleaved as sent");
        }
    }

    @Test
    void theEndOfInputSendsOnEveryHeldItemInSendOrder() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, record("POLICE:late", T0 + HOUR, 0, 1, Long.MIN_VALUE));
            send(harness, record("POLICE:early", T0, 0, 2, Long.MIN_VALUE));
            assertEquals(List.of(), output(harness), "no clock yet: held");
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            List<String> out = output(harness);
            assertEquals(List.of("POLICE:early@" + T0, "POLICE:late@" + (T0 + HOUR)), out.stream().filter(line -> line.startsWith("POLICE")).toList());
            assertEquals("W@" + Long.MAX_VALUE, out.get(out.size() - 1));
        }
    }

    @Test
    void anItemIngestSendsAgainAfterARestoreIsDroppedByItsLineage() throws Exception {
        try (var harness = harness()) {
            harness.open();
            long clock = T0 + 10 * MINUTE;
            send(harness, record("POLICE:a", T0, 0, 10, clock));
            send(harness, record("POLICE:b", T0 + MINUTE, 0, 11, clock));
            send(harness, record("POLICE:a", T0, 0, 10, clock));
            send(harness, record("POLICE:b", T0 + MINUTE, 0, 11, clock));
            send(harness, record("POLICE:c", T0 + 2 * MINUTE, 0, 12, clock));
            send(harness, record("POLICE:x", T0 + 3 * MINUTE, 1, 11, clock));
            assertEquals(List.of("POLICE:a@" + T0, "POLICE:b@" + (T0 + MINUTE), "POLICE:c@" + (T0 + 2 * MINUTE), "POLICE:x@" + (T0 + 3 * MINUTE)),
                    output(harness).stream().filter(line -> line.startsWith("POLICE")).toList(), "offsets 10 and 11 again from subtask 0 are repeats; 11 from subtask 1 is not");
        }
    }

    @Test
    void aRecordThatIsNotAConformedItemIsRejected() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, record("not avro".getBytes(StandardCharsets.UTF_8), 0, 1, T0, T0));
            send(harness, beat(1, T0));
            assertEquals(List.of(), output(harness));
            List<Rejection> rejected = harness.getSideOutput(ItemClock.REJECTED).stream().map(StreamRecord::getValue).toList();
            assertEquals(1, rejected.size());
            assertEquals(DeadLetterReason.UNDECODABLE, rejected.get(0).reason);
        }
    }

    @Test
    void everyCommunityAndStreetGetsAnHourTickBeforeTheWatermarkThatPassesTheHoursEnd() throws Exception {
        long hour = at("2026-10-01T10:00:00+08:00");
        try (var harness = harness()) {
            harness.open();
            send(harness, record("POLICE:a", T0, 0, 1, T0));
            send(harness, record("POLICE:b", T0, 1, 1, T0));
            send(harness, record("POLICE:c", hour + HOUR + 20 * MINUTE, 0, 2, hour + HOUR + 20 * MINUTE));
            send(harness, record("POLICE:d", hour + HOUR + 20 * MINUTE, 1, 2, hour + HOUR + 20 * MINUTE));
            List<String> out = output(harness);
            assertEquals(List.of("POLICE:a@" + T0, "POLICE:b@" + T0, "W@" + clock(T0), "POLICE:c@" + (hour + HOUR + 20 * MINUTE),
                    "POLICE:d@" + (hour + HOUR + 20 * MINUTE), "ticks " + AREAS_TICKED + "@" + hour, "W@" + clock(hour + HOUR + 20 * MINUTE)), out,
                    "ticks from the hour of the first item, every community and street, then the watermark past the hour's end");
        }
    }

    @Test
    void theEndOfBoundedInputTicksUpToTheNewestItemsHourAndAGapWithoutItemsGetsNoTicksBeyondAWindow() throws Exception {
        long hour = at("2026-10-01T10:00:00+08:00");
        try (var harness = harness()) {
            harness.open();
            send(harness, record("POLICE:a", T0, 0, 1, T0));
            send(harness, record("POLICE:b", T0, 1, 1, T0));
            long later = hour + 30 * 24 * HOUR;
            send(harness, record("POLICE:c", later, 0, 2, later));
            send(harness, record("POLICE:d", later, 1, 2, later));
            long tickedHours = output(harness).stream().filter(line -> line.startsWith("ticks")).count();
            assertEquals(25, tickedHours, "the first item's hour and one stability window after it; not the month without items");
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            List<String> out = output(harness);
            assertEquals("W@" + Long.MAX_VALUE, out.get(out.size() - 1));
            assertEquals("ticks " + AREAS_TICKED + "@" + later, out.get(out.size() - 2), "up to the hour of the newest item");
        }
    }

    @Test
    void itemsWithoutAnIngestClockRunTheWatermarkOnTheirNewestEventTime() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processElement(new StreamRecord<>(new ItemRecord(new RawRecord("gov.items.v1", 0, 0, 0L, null, item("POLICE:a", T0 + HOUR)), null, null)));
            assertEquals(List.of("POLICE:a@" + (T0 + HOUR), "W@" + clock(T0 + HOUR)), output(harness));
        }
    }

    @Test
    void aRestoredClockAnnouncesItsWatermarkFirstAndThenEmitsExactlyWhatTheUninterruptedOneDid() throws Exception {
        List<ItemRecord> input = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 40; i++) {
            t += 7 * MINUTE;
            input.add(record("POLICE:i" + i, t - (i % 3) * MINUTE, i % 2, 100 + i, t));
        }
        List<String> uninterrupted;
        try (var harness = harness()) {
            harness.open();
            for (ItemRecord record : input) {
                send(harness, record);
            }
            uninterrupted = output(harness);
        }
        OperatorSubtaskState snapshot;
        List<String> before;
        try (var harness = harness()) {
            harness.open();
            for (ItemRecord record : input.subList(0, 17)) {
                send(harness, record);
            }
            before = output(harness);
            snapshot = harness.snapshot(1L, 0L);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            for (ItemRecord record : input.subList(17, input.size())) {
                send(restored, record);
            }
            List<String> after = output(restored);
            String lastWatermark = before.stream().filter(line -> line.startsWith("W@")).reduce((a, b) -> b).orElseThrow();
            assertEquals(lastWatermark, after.get(0), "the watermark before the first record after the restore");
            List<String> joined = new ArrayList<>(before);
            joined.addAll(after.subList(1, after.size()));
            assertEquals(uninterrupted, joined);
            assertTrue(uninterrupted.stream().anyMatch(line -> line.startsWith("ticks")), "the run crosses hours");
        }
    }
}
