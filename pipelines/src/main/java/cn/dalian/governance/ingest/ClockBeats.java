package cn.dalian.governance.ingest;

/**
 * A keyed function whose output carries its subtask's watermark to readers downstream (ingest's items,
 * {@link cn.dalian.governance.job.IngestClock}): when the watermark advances, it may emit a beat that
 * carries only the watermark, for the times it has nothing else to emit.
 */
interface ClockBeats<OUT> {
    /** The beat to emit now that the watermark is {@code watermark}, or null for none. */
    OUT beat(long watermark);
}
