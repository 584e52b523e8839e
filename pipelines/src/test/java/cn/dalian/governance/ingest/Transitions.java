package cn.dalian.governance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.avro.ReporterType;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.job.EncodedRecord;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.simulator.FeedCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Test fixtures: grid transitions as the intake step emits them (decoded and placed), and the keyed step's harness. */
final class Transitions {
    static final String GRID_CODE = "210202001001001";
    static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer("transitions-test-key-0123".getBytes(StandardCharsets.UTF_8));
    private static final AreaResolver RESOLVER = new AreaResolver(AreaRegistry.loadDefault(), MatterCatalogue.loadDefault());
    private static long offset;

    private Transitions() {}

    static GridEvent gridEvent(String eventId, String itemId, GridState state, Instant at) {
        return GridEvent.newBuilder()
                .setEventId(eventId).setItemId(itemId).setOccurredAt(at).setReportedAt(at)
                .setGridCode(GRID_CODE).setReporterType(ReporterType.GRID_WORKER).setMatterCode("D01")
                .setUrgency(Urgency.NORMAL).setDescription("邻里纠纷，联系电话13912345678").setPersons(List.of())
                .setState(state).build();
    }

    static RawRecord raw(String topic, Instant sentAt, byte[] value) {
        return new RawRecord(topic, 0, offset++, sentAt.toEpochMilli(), new byte[0], value);
    }

    /** A grid transition decoded and placed, sent at its event time. */
    static Transition grid(String eventId, String itemId, GridState state, Instant at) {
        RawRecord raw = new RawRecord(Topics.GRID_EVENTS, 0, offset++, at.toEpochMilli(), itemId.getBytes(StandardCharsets.UTF_8),
                FeedCodecs.GRID.encode(gridEvent(eventId, itemId, state, at)));
        try {
            Transition t = FeedDecoder.decode(raw);
            RESOLVER.resolve(t);
            return t;
        } catch (FeedDecoder.Rejected e) {
            throw new AssertionError(e);
        }
    }

    /** A police signal in a known community, decoded and placed, sent at its event time. */
    static Transition police(String signalId, Instant at) {
        PoliceRiskSignal signal = PoliceRiskSignal.newBuilder().setSignalId(signalId).setOccurredAt(at).setReportedAt(at).setPoliceStation("春柳派出所")
                .setCommunityCode("210202001001").setSignalType(SignalType.DISPUTE_CALL).setRiskLevel(2).setPeopleInvolved(2).build();
        try {
            Transition t = FeedDecoder.decode(raw(Topics.POLICE_RISK, at, FeedCodecs.POLICE.encode(signal)));
            RESOLVER.resolve(t);
            return t;
        } catch (FeedDecoder.Rejected e) {
            throw new AssertionError(e);
        }
    }

    /** The keyed step (dedupe, lifecycle, conform) in a harness, with short horizons. */
    static KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> itemSteps(long dedupeHorizon, long reopenWindow) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord>(
                new BarrierAwareOperators.Keyed<>(new ItemSteps(PSEUDONYMIZER, dedupeHorizon, reopenWindow)), t -> t.itemId, Types.STRING);
        harness.setup();
        return harness;
    }

    /** The conformed items the keyed step emitted for gov.items.v1 (not its clock beats). */
    static List<Item> items(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) {
        return harness.extractOutputValues().stream().filter(record -> !record.isClockBeat()).map(record -> {
            try {
                return Conformer.ITEMS.decode(record.value);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    /** The sum of the counts of {@code kind} a step sent (before its barriers) on {@code harness}'s outcome output. */
    static long counted(ConcurrentLinkedQueue<StreamRecord<Outcome>> outcomes, Outcome.Kind kind) {
        return outcomes == null ? 0 : outcomes.stream().map(StreamRecord::getValue).filter(o -> o.kind == kind).mapToLong(o -> o.count).sum();
    }

    /** Nothing of any item is left: no keyed state, no timer. */
    static void assertNothingLeft(KeyedOneInputStreamOperatorTestHarness<String, Transition, EncodedRecord> harness) {
        assertEquals(0, harness.numKeyedStateEntries(), "keyed state left");
        assertEquals(0, harness.numEventTimeTimers(), "timers left");
    }
}
