package cn.dalian.governance.ingest;

import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.PersonInvolved;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.schema.DecodeException;
import cn.dalian.governance.simulator.FeedCodecs;
import java.time.Instant;

/**
 * Step 1 of ingest: decodes each feed record once (Avro single-object, writer schema by fingerprint),
 * checks required fields, value ranges and timestamps, and turns it into a {@link Transition} carrying
 * every field the later steps read (area, persons, text, caller, police and rating fields), so that no
 * later step decodes the raw bytes again. A failure is a {@link Rejected} with its reason.
 */
public final class FeedDecoder {
    private FeedDecoder() {}

    /** The transition of a record: a grid or hotline transition, a police signal or (source {@link RatingAreaCheck#SOURCE}) a rating. */
    static Transition decode(RawRecord raw) throws Rejected {
        try {
            return switch (raw.topic) {
                case Topics.GRID_EVENTS -> grid(raw, FeedCodecs.GRID.decode(raw.value));
                case Topics.HOTLINE_CASES -> hotline(raw, FeedCodecs.HOTLINE.decode(raw.value));
                case Topics.POLICE_RISK -> police(raw, FeedCodecs.POLICE.decode(raw.value));
                case Topics.EVAL_RATINGS -> rating(raw, FeedCodecs.RATINGS.decode(raw.value));
                default -> throw new Rejected(DeadLetterReason.INVALID_VALUE, "topic " + raw.topic + " is not an ingest feed");
            };
        } catch (DecodeException e) {
            DeadLetterReason reason = e.kind() == DecodeException.Kind.UNKNOWN_SCHEMA ? DeadLetterReason.UNKNOWN_SCHEMA : DeadLetterReason.UNDECODABLE;
            throw new Rejected(reason, e.getMessage());
        }
    }

    private static Transition grid(RawRecord raw, GridEvent event) throws Rejected {
        required("event_id", event.getEventId());
        required("item_id", event.getItemId());
        required("grid_code", event.getGridCode());
        required("matter_code", event.getMatterCode());
        Transition t = base(raw, Source.GRID, event.getEventId(), event.getItemId(), event.getOccurredAt());
        checkTime(raw, "reported_at", event.getReportedAt());
        t.state = event.getState().name();
        t.urgency = event.getUrgency().name();
        t.gridCode = event.getGridCode();
        t.matterCode = event.getMatterCode();
        t.text = event.getDescription();
        int persons = event.getPersons().size();
        t.personNames = new String[persons];
        t.personIdNumbers = new String[persons];
        t.personPhones = new String[persons];
        for (int i = 0; i < persons; i++) {
            PersonInvolved person = event.getPersons().get(i);
            t.personNames[i] = person.getName();
            t.personIdNumbers[i] = person.getIdNumber();
            t.personPhones[i] = person.getPhone();
        }
        t.reporterType = event.getReporterType().name();
        t.vulnerableGroup = name(event.getVulnerableGroup());
        t.assigneeType = name(event.getAssigneeType());
        t.assignee = event.getAssignee();
        t.assignedBy = event.getAssignedBy();
        t.verification = name(event.getVerification());
        t.mediationChannel = name(event.getMediationChannel());
        t.mediationOutcome = name(event.getMediationOutcome());
        return t;
    }

    private static Transition hotline(RawRecord raw, HotlineCase event) throws Rejected {
        required("event_id", event.getEventId());
        required("case_id", event.getCaseId());
        if (isBlank(event.getCommunityCode()) && isBlank(event.getCallerAddress())) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, "hotline case has neither community_code nor caller_address");
        }
        required("matter_code", event.getMatterCode());
        required("caller_phone", event.getCallerPhone());
        Transition t = base(raw, Source.HOTLINE, event.getEventId(), event.getCaseId(), event.getOccurredAt());
        checkTime(raw, "received_at", event.getReceivedAt());
        if (event.getReceivedAt().isAfter(event.getOccurredAt())) {
            throw new Rejected(DeadLetterReason.INVALID_VALUE, "received_at " + event.getReceivedAt() + " is after the transition's occurred_at "
                    + event.getOccurredAt() + ": a case is received before anything happens to it");
        }
        t.createdAt = event.getReceivedAt().toEpochMilli();
        t.state = event.getState().name();
        t.urgency = event.getUrgency().name();
        t.communityCode = isBlank(event.getCommunityCode()) ? null : event.getCommunityCode();
        t.matterCode = event.getMatterCode();
        t.text = event.getText();
        t.callerPhone = event.getCallerPhone();
        t.callerName = event.getCallerName();
        t.callerAddress = event.getCallerAddress();
        t.channel = event.getChannel().name();
        t.requestType = event.getRequestType().name();
        t.handlingUnit = event.getHandlingUnit();
        t.satisfaction = name(event.getSatisfaction());
        return t;
    }

    private static Transition police(RawRecord raw, PoliceRiskSignal signal) throws Rejected {
        required("signal_id", signal.getSignalId());
        if (isBlank(signal.getCommunityCode()) && signal.getLocation() == null) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, "police signal has neither community_code nor location");
        }
        if (signal.getLocation() != null && !(Area.validLatitude(signal.getLocation().getLatitude()) && Area.validLongitude(signal.getLocation().getLongitude()))) {
            throw new Rejected(DeadLetterReason.INVALID_VALUE, "location (" + signal.getLocation().getLatitude() + ", " + signal.getLocation().getLongitude()
                    + ") is not a latitude and longitude in degrees");
        }
        if (signal.getRiskLevel() < 1 || signal.getRiskLevel() > 4) {
            throw new Rejected(DeadLetterReason.INVALID_VALUE, "risk_level " + signal.getRiskLevel() + " is not 1 to 4");
        }
        if (signal.getPeopleInvolved() < 0) {
            throw new Rejected(DeadLetterReason.INVALID_VALUE, "people_involved is negative");
        }
        Transition t = base(raw, Source.POLICE, signal.getSignalId(), signal.getSignalId(), signal.getOccurredAt());
        checkTime(raw, "reported_at", signal.getReportedAt());
        t.createdAt = t.occurredAt;
        t.state = "SIGNALLED";
        t.urgency = signal.getRiskLevel() >= 3 ? "URGENT" : "NORMAL";
        t.communityCode = isBlank(signal.getCommunityCode()) ? null : signal.getCommunityCode();
        t.policeStation = signal.getPoliceStation();
        t.signalType = signal.getSignalType().name();
        t.riskLevel = signal.getRiskLevel();
        t.peopleInvolved = signal.getPeopleInvolved();
        t.subjectKey = signal.getSubjectKey();
        if (signal.getLocation() != null) {
            t.latitude = signal.getLocation().getLatitude();
            t.longitude = signal.getLocation().getLongitude();
        }
        return t;
    }

    private static Transition rating(RawRecord raw, EvaluationRating rating) throws Rejected {
        required("rating_id", rating.getRatingId());
        required("rater_area_code", rating.getRaterAreaCode());
        required("rated_area_code", rating.getRatedAreaCode());
        required("period", rating.getPeriod());
        if (!(rating.getScore() >= 0 && rating.getScore() <= 100)) {
            throw new Rejected(DeadLetterReason.INVALID_VALUE, "score " + rating.getScore() + " is not 0 to 100");
        }
        checkTime(raw, rating.getRatedAt());
        Transition t = new Transition();
        t.source = RatingAreaCheck.SOURCE;
        t.eventId = rating.getRatingId();
        t.itemId = RatingAreaCheck.SOURCE + ":" + rating.getRatingId();
        t.occurredAt = rating.getRatedAt().toEpochMilli();
        t.raterAreaCode = rating.getRaterAreaCode();
        t.ratedAreaCode = rating.getRatedAreaCode();
        t.period = rating.getPeriod();
        t.dimension = rating.getDimension().name();
        t.score = rating.getScore();
        t.raw = raw;
        return t;
    }

    private static Transition base(RawRecord raw, Source source, String eventId, String sourceId, Instant occurredAt) throws Rejected {
        checkTime(raw, occurredAt);
        Transition t = new Transition();
        t.source = source.name();
        t.eventId = eventId;
        t.itemId = source.name() + ":" + sourceId;
        t.occurredAt = occurredAt.toEpochMilli();
        t.raw = raw;
        return t;
    }

    private static void checkTime(RawRecord raw, Instant occurredAt) throws Rejected {
        checkTime(raw, "event time", occurredAt);
    }

    /**
     * Every time field of a feed record: not before the platform epoch, not more than the tolerance after the
     * record's send time, not beyond the retention horizon before it.
     */
    private static void checkTime(RawRecord raw, String field, Instant at) throws Rejected {
        Instant sent = Instant.ofEpochMilli(raw.timestamp);
        if (at.isBefore(IngestRules.PLATFORM_EPOCH)) {
            throw new Rejected(DeadLetterReason.EXPIRED_TIMESTAMP, field + " " + at + " is before the platform epoch " + IngestRules.PLATFORM_EPOCH);
        }
        if (at.isAfter(sent.plus(IngestRules.FUTURE_TOLERANCE))) {
            throw new Rejected(DeadLetterReason.FUTURE_TIMESTAMP, field + " " + at + " is more than "
                    + IngestRules.FUTURE_TOLERANCE.toHours() + " h after send time " + sent);
        }
        if (at.isBefore(sent.minus(IngestRules.RETENTION_HORIZON))) {
            throw new Rejected(DeadLetterReason.EXPIRED_TIMESTAMP, field + " " + at + " is older than the retention horizon of "
                    + IngestRules.RETENTION_HORIZON.toDays() + " days before send time " + sent);
        }
    }

    private static void required(String field, String value) throws Rejected {
        if (isBlank(value)) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, "required field " + field + " is empty");
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** A rejection inside the job's steps. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final DeadLetterReason reason;

        Rejected(DeadLetterReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
