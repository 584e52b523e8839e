package cn.dalian.governance.ingest;

import static cn.dalian.governance.ingest.Transitions.counted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.RatingDimension;
import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.PersonInvolved;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.simulator.FeedCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The intake step: one decoding per record carrying every field later steps read, and its counts sent before each barrier. */
class FeedIntakeTest {
    private static final Instant T0 = Instant.parse("2026-10-01T01:00:00Z");

    private static OneInputStreamOperatorTestHarness<RawRecord, Transition> harness() throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<RawRecord, Transition>(new BarrierAwareOperators.Process<>(new FeedIntake()));
        harness.open();
        return harness;
    }

    @Test
    void aSixtyByteGridRecordThatClaimsAHugeFieldIsAnUndecodableRejectionNotAFailedJob() {
        byte[] valid = FeedCodecs.GRID.encode(Transitions.gridEvent("e1", "i1", GridState.COLLECTED, T0));
        for (byte[] claim : List.of(
                new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, // a string of 2 147 483 647 bytes
                new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F})) { // 2 147 483 640: within Avro's own limit
            byte[] crafted = Arrays.copyOf(valid, 60);
            System.arraycopy(claim, 0, crafted, 10, claim.length);
            RawRecord raw = new RawRecord(Topics.GRID_EVENTS, 0, 1, T0.toEpochMilli(), "i1".getBytes(StandardCharsets.UTF_8), crafted);
            FeedDecoder.Rejected rejected = assertThrows(FeedDecoder.Rejected.class, () -> FeedDecoder.decode(raw));
            assertEquals(DeadLetterReason.UNDECODABLE, rejected.reason);
            assertTrue(rejected.getMessage().contains("in a datum of 50 bytes"), rejected.getMessage());
        }
    }

    @Test
    void everyTimeFieldIsCheckedAgainstThePlatformEpochAndTheSendTimeAndAReceiptAfterTheTransitionIsInvalid() throws Exception {
        GridEvent valid = Transitions.gridEvent("e1", "i1", GridState.COLLECTED, T0);
        for (Instant at : List.of(Instant.EPOCH, Instant.ofEpochMilli(-1), Instant.ofEpochMilli(Long.MIN_VALUE), Instant.parse("2019-12-31T15:59:59Z"))) {
            assertEquals(DeadLetterReason.EXPIRED_TIMESTAMP, rejection(Topics.GRID_EVENTS, FeedCodecs.GRID.encode(
                    GridEvent.newBuilder(valid).setReportedAt(at).build()), T0.toEpochMilli()).reason, "reported_at " + at);
            assertEquals(DeadLetterReason.EXPIRED_TIMESTAMP, rejection(Topics.GRID_EVENTS, FeedCodecs.GRID.encode(
                    GridEvent.newBuilder(valid).setOccurredAt(at).setReportedAt(at).build()), at.toEpochMilli()).reason,
                    "an event time of " + at + " sent at the same time: the send time does not excuse it");
        }
        for (Instant at : List.of(T0.plusSeconds(2 * 86_400), Instant.ofEpochMilli(Long.MAX_VALUE))) {
            assertEquals(DeadLetterReason.FUTURE_TIMESTAMP, rejection(Topics.GRID_EVENTS, FeedCodecs.GRID.encode(
                    GridEvent.newBuilder(valid).setReportedAt(at).build()), T0.toEpochMilli()).reason, "reported_at " + at);
        }
        var hotline = cn.dalian.governance.avro.HotlineCase.newBuilder()
                .setEventId("h1").setCaseId("c1").setOccurredAt(T0).setReceivedAt(T0.plusSeconds(60))
                .setChannel(cn.dalian.governance.avro.HotlineChannel.PHONE).setCallerPhone("13912345678").setCommunityCode("210202001001")
                .setMatterCode("D01").setRequestType(cn.dalian.governance.avro.RequestType.COMPLAINT)
                .setUrgency(cn.dalian.governance.avro.Urgency.NORMAL).setText("t").setState(cn.dalian.governance.avro.HotlineState.RECEIVED).build();
        FeedDecoder.Rejected late = rejection(Topics.HOTLINE_CASES, FeedCodecs.HOTLINE.encode(hotline), T0.toEpochMilli());
        assertEquals(DeadLetterReason.INVALID_VALUE, late.reason);
        assertTrue(late.getMessage().contains("received_at"), late.getMessage());
        hotline.setReceivedAt(Instant.EPOCH);
        assertEquals(DeadLetterReason.EXPIRED_TIMESTAMP, rejection(Topics.HOTLINE_CASES, FeedCodecs.HOTLINE.encode(hotline), T0.toEpochMilli()).reason,
                "a case received in 1970");
        hotline.setReceivedAt(T0);
        FeedDecoder.decode(new RawRecord(Topics.HOTLINE_CASES, 0, 1, T0.toEpochMilli(), new byte[0], FeedCodecs.HOTLINE.encode(hotline)));
    }

    private static FeedDecoder.Rejected rejection(String topic, byte[] value, long sentAt) {
        RawRecord raw = new RawRecord(topic, 0, 1, sentAt, new byte[0], value);
        return assertThrows(FeedDecoder.Rejected.class, () -> FeedDecoder.decode(raw));
    }

    @Test
    void aDecodedGridTransitionCarriesItsPersonsAndTextForTheConformStep() throws Exception {
        GridEvent event = GridEvent.newBuilder(Transitions.gridEvent("e1", "i1", GridState.ASSIGNED, T0))
                .setPersons(List.of(new PersonInvolved("王伟", "21020219800101123X", null), new PersonInvolved("李娜", null, "13912345678")))
                .setAssignedBy("区住建局").build();
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(Transitions.raw(Topics.GRID_EVENTS, T0, FeedCodecs.GRID.encode(event))));
            Transition t = harness.extractOutputValues().get(0);
            assertArrayEquals(new String[] {"王伟", "李娜"}, t.personNames);
            assertArrayEquals(new String[] {"21020219800101123X", null}, t.personIdNumbers);
            assertArrayEquals(new String[] {null, "13912345678"}, t.personPhones);
            assertEquals(List.of("邻里纠纷，联系电话13912345678", "区住建局", "GRID_WORKER", "210202001"), List.of(t.text, t.assignedBy, t.reporterType, t.streetCode));
        }
    }

    @Test
    void countsEveryRecordReadLateRecordsAndRejectionsAndSendsTheCountsBeforeTheBarrier() throws Exception {
        try (var harness = harness()) {
            harness.processWatermark(T0.plusSeconds(3600).toEpochMilli());
            harness.processElement(new StreamRecord<>(Transitions.raw(Topics.GRID_EVENTS, T0,
                    FeedCodecs.GRID.encode(Transitions.gridEvent("e1", "i1", GridState.COLLECTED, T0)))));
            harness.processElement(new StreamRecord<>(Transitions.raw(Topics.GRID_EVENTS, T0, "not avro".getBytes(StandardCharsets.UTF_8))));
            assertNull(harness.getSideOutput(IngestTags.OUTCOMES), "counts wait for the barrier");
            harness.prepareSnapshotPreBarrier(1L);
            var outcomes = harness.getSideOutput(IngestTags.OUTCOMES);
            assertEquals(2, counted(outcomes, Outcome.Kind.READ));
            assertEquals(1, counted(outcomes, Outcome.Kind.LATE));
            assertEquals(1, counted(outcomes, Outcome.Kind.DEAD_LETTER));
            assertEquals(DeadLetterReason.UNDECODABLE.name(), outcomes.stream().map(StreamRecord::getValue)
                    .filter(o -> o.kind == Outcome.Kind.DEAD_LETTER).findFirst().orElseThrow().reason);
            harness.prepareSnapshotPreBarrier(2L);
            assertEquals(2, counted(harness.getSideOutput(IngestTags.OUTCOMES), Outcome.Kind.READ), "each count is sent once");
        }
    }

    @Test
    void aRatingOfAnAreaOutsideTheRegistryIsRejectedAndAKnownOneContinues() throws Exception {
        EvaluationRating.Builder rating = EvaluationRating.newBuilder().setRatingId("r1").setRatedAt(T0).setRaterAreaCode("210202001")
                .setRatedAreaCode("210202001001").setPeriod("2026-09").setDimension(RatingDimension.RESPONSIVENESS).setScore(88.5);
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(Transitions.raw(Topics.EVAL_RATINGS, T0, FeedCodecs.RATINGS.encode(rating.build()))));
            harness.processElement(new StreamRecord<>(Transitions.raw(Topics.EVAL_RATINGS, T0,
                    FeedCodecs.RATINGS.encode(rating.setRatingId("r2").setRatedAreaCode("999999999").build()))));
            Transition accepted = harness.extractOutputValues().get(0);
            assertEquals(List.of(RatingAreaCheck.SOURCE, "RATING:r1", "2026-09"), List.of(accepted.source, accepted.itemId, accepted.period));
            assertEquals(1, harness.extractOutputValues().size());
            assertEquals(DeadLetterReason.UNKNOWN_AREA, harness.getSideOutput(IngestTags.REJECTED).peek().getValue().reason);
        }
    }
}
