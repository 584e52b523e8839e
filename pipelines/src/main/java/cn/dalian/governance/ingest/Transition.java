package cn.dalian.governance.ingest;

import cn.dalian.governance.job.RawRecord;
/**
 * One accepted lifecycle transition (or police signal, or evaluation rating) on its way through the ingest job: the fields
 * the job's steps decide on, filled step by step, plus the raw record. Flink POJO (public fields).
 */
public final class Transition {
    /** GRID, HOTLINE or POLICE ({@link cn.dalian.governance.avro.Source}), or RATING. */
    public String source;
    public String eventId;
    /** Platform item id: source prefix and the source's own id, e.g. {@code GRID:GRID-20261001-0000001}. */
    public String itemId;
    /** Event time, epoch millis. */
    public long occurredAt;
    /** When the item was first received (hotline) or collected (grid); 0 until known. */
    public long createdAt;
    public String state;
    public String previousState;
    public String urgency;
    public String gridCode;
    public String communityCode;
    public String streetCode;
    public String districtCode;
    public String matterCode;
    public Integer matterVersion;
    public String matterGroup;
    public RawRecord raw;

    public Transition() {}

    /** Key of the dedupe step: the source and its event id. */
    public String dedupeKey() {
        return source + "/" + eventId;
    }

    @Override
    public String toString() {
        return "Transition{" + itemId + " " + previousState + "->" + state + " at " + occurredAt + ", " + raw + "}";
    }
}
