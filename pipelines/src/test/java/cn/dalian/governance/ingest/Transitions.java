package cn.dalian.governance.ingest;

import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.ReporterType;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.simulator.FeedCodecs;
import java.time.Instant;
import java.util.List;

/** Test fixtures: grid transitions as the decoder would emit them. */
final class Transitions {
    static final String GRID_CODE = "210202001001001";
    private static long offset;

    private Transitions() {}

    static GridEvent gridEvent(String eventId, String itemId, GridState state, Instant at) {
        return GridEvent.newBuilder()
                .setEventId(eventId).setItemId(itemId).setOccurredAt(at).setReportedAt(at)
                .setGridCode(GRID_CODE).setReporterType(ReporterType.GRID_WORKER).setMatterCode("D01")
                .setUrgency(Urgency.NORMAL).setDescription("邻里纠纷，联系电话13912345678").setPersons(List.of())
                .setState(state).build();
    }

    static Transition grid(String eventId, String itemId, GridState state, Instant at) {
        GridEvent event = gridEvent(eventId, itemId, state, at);
        RawRecord raw = new RawRecord(Topics.GRID_EVENTS, 0, offset++, at.toEpochMilli(), itemId.getBytes(), FeedCodecs.GRID.encode(event));
        try {
            return FeedDecoder.decode(raw);
        } catch (FeedDecoder.Rejected e) {
            throw new AssertionError(e);
        }
    }
}
