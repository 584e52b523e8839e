package cn.dalian.governance.assess;

import cn.dalian.governance.job.IngestClock;
import cn.dalian.governance.job.Lineage;
import cn.dalian.governance.job.RawRecord;
import java.util.Objects;

/**
 * A record of {@code gov.items.v1} as read, with the {@link Lineage} and {@link IngestClock} ingest put
 * in its headers (null fields for a record without them). Flink POJO.
 */
public final class ItemRecord {
    public RawRecord raw;
    /** {@link Lineage#source()}: ingest job, subtask, feed topic and partition; null if none. */
    public String lineageSource;
    /** {@link Lineage#offset()}, or -1. */
    public long lineageOffset = -1;
    /** The {@link IngestClock} of the record: writing job (null if none), subtask, subtasks, watermark. */
    public String clockJob;
    public int clockSubtask;
    public int clockSubtasks;
    public long clockWatermark = Long.MIN_VALUE;

    public ItemRecord() {}

    public ItemRecord(RawRecord raw, Lineage lineage, IngestClock clock) {
        this.raw = Objects.requireNonNull(raw, "raw is null");
        if (lineage != null) {
            this.lineageSource = lineage.source();
            this.lineageOffset = lineage.offset();
        }
        if (clock != null) {
            this.clockJob = clock.job();
            this.clockSubtask = clock.subtask();
            this.clockSubtasks = clock.subtasks();
            this.clockWatermark = clock.watermark();
        }
    }

    @Override
    public String toString() {
        return "ItemRecord{" + raw + (lineageSource == null ? "" : " from " + lineageSource + "|" + lineageOffset) + "}";
    }
}
