package cn.dalian.governance.ingest;

import java.io.Serializable;
import java.time.Duration;

/**
 * The ingest job's acceptance rules (DESIGN §5): how far ahead of its send time an event may be, how
 * old it may be, how long event ids are remembered for dedupe, how long a closed item may reopen.
 */
public final class IngestRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** An event more than this after the record's send time is in the future (FUTURE_TIMESTAMP). */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    /** Events older than this before their send time are beyond the retention horizon (EXPIRED_TIMESTAMP). */
    public static final Duration RETENTION_HORIZON = Duration.ofDays(2 * 365);
    /**
     * No time field of a feed record (event, report, receipt, rating time) is before this instant, 2020-01-01
     * 00:00 in Dalian: older than any record the city can bring, so a time before it is a default or a fault
     * (epoch 0, a negative number) (EXPIRED_TIMESTAMP), whatever the record's own send time claims.
     */
    public static final java.time.Instant PLATFORM_EPOCH = java.time.Instant.parse("2019-12-31T16:00:00Z");
    /** Event ids are remembered this long (event time) to drop duplicates. */
    public static final Duration DEDUPE_HORIZON = Duration.ofDays(2);
    /** A closed grid item or hotline case can be reopened this long after closing; then its state is dropped. */
    public static final Duration REOPEN_WINDOW = Duration.ofDays(30);
    /** A police signal given only as coordinates farther than this from every community has an unknown area. */
    public static final double MAX_COMMUNITY_DISTANCE_KM = 5.0;
    /** Watermarks trail the largest send time seen in a feed partition by this much (a partition's send times are almost in order). */
    public static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(1);
    /**
     * A feed partition without records for this long (processing time) no longer holds the watermark back:
     * short, because assess runs its clock on ingest's watermark and holds items read ahead of it
     * (a quiet partition would hold live warnings back this long after ingest starts).
     */
    public static final Duration IDLE_PARTITION = Duration.ofSeconds(5);

    private IngestRules() {}
}
