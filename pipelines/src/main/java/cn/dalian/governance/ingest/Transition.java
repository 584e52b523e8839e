package cn.dalian.governance.ingest;

import cn.dalian.governance.job.RawRecord;

/**
 * One accepted lifecycle transition (or police signal, or evaluation rating) on its way through the
 * ingest job: every field of the feed record a later step reads, decoded once by {@link FeedDecoder},
 * and the fields the steps decide on, filled step by step. The raw record rides along only so that a
 * later rejection (an illegal transition) dead-letters the exact bytes read. Flink POJO (public
 * fields); enum values are their symbol names.
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

    /** Grid description or hotline text, unmasked (PII until the conform step). */
    public String text;
    /** Grid persons involved, index by index (PII); null elements where a person has no ID number or phone. */
    public String[] personNames;
    public String[] personIdNumbers;
    public String[] personPhones;
    public String reporterType;
    public String vulnerableGroup;
    public String assigneeType;
    public String assignee;
    public String assignedBy;
    public String verification;
    public String mediationChannel;
    public String mediationOutcome;

    /** Hotline caller (PII). */
    public String callerPhone;
    public String callerName;
    public String callerAddress;
    public String channel;
    public String requestType;
    public String handlingUnit;
    public String satisfaction;

    public String policeStation;
    public String signalType;
    public int riskLevel;
    public int peopleInvolved;
    /** Pseudonymous subject key given by the police side. */
    public String subjectKey;
    /** Police signal coordinates, null when the signal has none. */
    public Double latitude;
    public Double longitude;

    /** Evaluation rating (source RATING): rater and rated area, period, dimension, score; occurredAt is the rating time. */
    public String raterAreaCode;
    public String ratedAreaCode;
    public String period;
    public String dimension;
    public double score;

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
