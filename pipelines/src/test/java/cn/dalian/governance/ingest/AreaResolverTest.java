package cn.dalian.governance.ingest;

import cn.dalian.governance.job.RawRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.GeoPoint;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.HotlineChannel;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.RequestType;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.simulator.FeedCodecs;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AreaResolverTest {
    private static final Instant T0 = Instant.parse("2026-10-01T01:00:00Z");

    /** The intake step (decode, validate, resolve area), as chained to the source. */
    private static OneInputStreamOperatorTestHarness<RawRecord, Transition> harness() throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<RawRecord, Transition>(new BarrierAwareOperators.Process<>(new FeedIntake()));
        harness.open();
        return harness;
    }

    private static RawRecord record(String topic, byte[] value) {
        return new RawRecord(topic, 0, 0, T0.toEpochMilli(), new byte[0], value);
    }

    private static Transition decode(String topic, byte[] value) throws FeedDecoder.Rejected {
        return FeedDecoder.decode(record(topic, value));
    }

    private static RawRecord grid(String gridCode, String matter, Instant at) {
        GridEvent event = GridEvent.newBuilder(Transitions.gridEvent("e", "i", GridState.COLLECTED, at)).setGridCode(gridCode).setMatterCode(matter).build();
        return record(Topics.GRID_EVENTS, FeedCodecs.GRID.encode(event));
    }

    private static HotlineCase.Builder hotlineCase() {
        return HotlineCase.newBuilder().setEventId("h1").setCaseId("12345-1").setOccurredAt(T0).setReceivedAt(T0).setChannel(HotlineChannel.PHONE)
                .setCallerPhone("13912345678").setMatterCode("D01").setRequestType(RequestType.COMPLAINT).setUrgency(Urgency.NORMAL)
                .setText("楼上噪音").setState(HotlineState.RECEIVED);
    }

    private static PoliceRiskSignal.Builder signal() {
        return PoliceRiskSignal.newBuilder().setSignalId("s").setOccurredAt(T0).setReportedAt(T0).setPoliceStation("x")
                .setSignalType(SignalType.DISPUTE_CALL).setRiskLevel(2).setPeopleInvolved(2);
    }

    @Test
    void placesAGridItemInItsCommunityStreetAndDistrictWithTheMatterInForce() throws Exception {
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(grid(Transitions.GRID_CODE, "D01", T0)));
            Transition t = harness.extractOutputValues().get(0);
            assertEquals(List.of("210202001001", "210202001", "210202"), List.of(t.communityCode, t.streetCode, t.districtCode));
            assertEquals("DISPUTE", t.matterGroup);
            assertEquals(1, t.matterVersion);
        }
    }

    @Test
    void appliesTheCatalogueVersionInForceOnTheEventDay() throws Exception {
        // L07 is grid-admitted in version 1 and taken off the grid list from 2026-07-01 (version 2).
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(grid(Transitions.GRID_CODE, "L07", Instant.parse("2026-06-30T10:00:00Z"))));
            harness.processElement(new StreamRecord<>(grid(Transitions.GRID_CODE, "L07", Instant.parse("2026-07-01T10:00:00Z"))));
            assertEquals(List.of(1, 2), harness.extractOutputValues().stream().map(t -> t.matterVersion).toList());
        }
    }

    @Test
    void sendsUnknownGridsAndMattersToTheDeadLetters() throws Exception {
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(grid("210202001001999", "D01", T0)));
            harness.processElement(new StreamRecord<>(grid(Transitions.GRID_CODE, "X99", T0)));
            harness.processElement(new StreamRecord<>(grid("210202001001", "D01", T0)));
            assertEquals(List.of(), harness.extractOutputValues());
            List<DeadLetterReason> reasons = harness.getSideOutput(IngestTags.REJECTED).stream().map(r -> r.getValue().reason).toList();
            assertEquals(List.of(DeadLetterReason.UNKNOWN_AREA, DeadLetterReason.UNKNOWN_MATTER, DeadLetterReason.UNKNOWN_AREA), reasons);
        }
    }

    @Test
    void resolvesPoliceCoordinatesToTheNearestCommunityAndRejectsFarAwayOnes() throws Exception {
        Area community = AreaRegistry.loadDefault().get("210211002002");
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(record(Topics.POLICE_RISK, FeedCodecs.POLICE.encode(
                    signal().setLocation(new GeoPoint(community.latitude() + 0.0001, community.longitude())).build()))));
            harness.processElement(new StreamRecord<>(record(Topics.POLICE_RISK, FeedCodecs.POLICE.encode(
                    signal().setLocation(new GeoPoint(31.23, 121.47)).build()))));
            Transition t = harness.extractOutputValues().get(0);
            assertEquals("210211002002", t.communityCode);
            assertEquals("DISPUTE", t.matterGroup);
            assertEquals(1, harness.extractOutputValues().size());
            assertEquals(DeadLetterReason.UNKNOWN_AREA, harness.getSideOutput(IngestTags.REJECTED).peek().getValue().reason);
        }
    }

    @Test
    void placesAHotlineCaseWithoutACommunityCodeByTheCommunityItsAddressNames() throws Exception {
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(record(Topics.HOTLINE_CASES,
                    FeedCodecs.HOTLINE.encode(hotlineCase().setCallerAddress("大连市中山区海军广场街道春泉社区12号").build()))));
            harness.processElement(new StreamRecord<>(record(Topics.HOTLINE_CASES,
                    FeedCodecs.HOTLINE.encode(hotlineCase().setCallerAddress("上海市黄浦区南京东路1号").build()))));
            assertEquals(List.of("210202001001"), harness.extractOutputValues().stream().map(t -> t.communityCode).toList());
            assertEquals(DeadLetterReason.UNKNOWN_AREA, harness.getSideOutput(IngestTags.REJECTED).peek().getValue().reason);
        }
        FeedDecoder.Rejected nowhere = assertThrows(FeedDecoder.Rejected.class,
                () -> decode(Topics.HOTLINE_CASES, FeedCodecs.HOTLINE.encode(hotlineCase().build())));
        assertEquals(DeadLetterReason.MISSING_FIELD, nowhere.reason);
    }

    @Test
    void rejectsCoordinatesOffTheGlobeAsInvalidInsteadOfFailingTheJob() throws Exception {
        for (GeoPoint location : List.of(new GeoPoint(123.0, 121.6), new GeoPoint(38.9, 200.0), new GeoPoint(Double.NaN, 121.6))) {
            FeedDecoder.Rejected rejected = assertThrows(FeedDecoder.Rejected.class,
                    () -> decode(Topics.POLICE_RISK, FeedCodecs.POLICE.encode(signal().setLocation(location).build())));
            assertEquals(DeadLetterReason.INVALID_VALUE, rejected.reason, location.toString());
        }
    }

    @Test
    void resolvesTheSameAfterARestoreFromASnapshotTakenMidway() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(grid(Transitions.GRID_CODE, "D01", T0)));
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = new OneInputStreamOperatorTestHarness<RawRecord, Transition>(new BarrierAwareOperators.Process<>(new FeedIntake()))) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(new StreamRecord<>(grid(Transitions.GRID_CODE, "L07", Instant.parse("2026-07-01T10:00:00Z"))));
            restored.processElement(new StreamRecord<>(grid(Transitions.GRID_CODE, "X99", T0)));
            Transition t = restored.extractOutputValues().get(0);
            assertEquals(List.of("210202001001", "L07", 2), List.of(t.communityCode, t.matterCode, t.matterVersion));
            assertEquals(1, restored.extractOutputValues().size());
            assertEquals(DeadLetterReason.UNKNOWN_MATTER, restored.getSideOutput(IngestTags.REJECTED).peek().getValue().reason);
        }
    }
}
