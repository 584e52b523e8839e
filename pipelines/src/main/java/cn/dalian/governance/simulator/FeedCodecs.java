package cn.dalian.governance.simulator;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.schema.DecodeException;
import cn.dalian.governance.schema.SchemaCatalog;
import cn.dalian.governance.schema.SchemaVersion;
import org.apache.avro.specific.SpecificRecord;

/**
 * The codec of each input feed, and the record "kind" the run report counts: the lifecycle state of
 * grid and hotline transitions, the signal type of police signals, the dimension of ratings.
 */
public final class FeedCodecs {
    public static final AvroCodec<GridEvent> GRID = AvroCodec.of(GridEvent.class);
    public static final AvroCodec<HotlineCase> HOTLINE = AvroCodec.of(HotlineCase.class);
    public static final AvroCodec<PoliceRiskSignal> POLICE = AvroCodec.of(PoliceRiskSignal.class);
    public static final AvroCodec<EvaluationRating> RATINGS = AvroCodec.of(EvaluationRating.class);
    /** The first police schema version, still used by some police-side senders. */
    static final SchemaVersion POLICE_V1 = SchemaCatalog.shipped().versions(PoliceRiskSignal.getClassSchema().getFullName()).get(0);

    private FeedCodecs() {}

    public static AvroCodec<? extends SpecificRecord> forTopic(String topic) {
        return switch (topic) {
            case Topics.GRID_EVENTS -> GRID;
            case Topics.HOTLINE_CASES -> HOTLINE;
            case Topics.POLICE_RISK -> POLICE;
            case Topics.EVAL_RATINGS -> RATINGS;
            default -> throw new IllegalArgumentException("not an input feed topic: " + topic);
        };
    }

    /** Encodes a record for its feed topic. */
    static byte[] encode(String topic, SpecificRecord record, boolean oldWriter) {
        return switch (topic) {
            case Topics.GRID_EVENTS -> GRID.encode((GridEvent) record);
            case Topics.HOTLINE_CASES -> HOTLINE.encode((HotlineCase) record);
            case Topics.POLICE_RISK -> oldWriter ? POLICE.encodeAs((PoliceRiskSignal) record, POLICE_V1) : POLICE.encode((PoliceRiskSignal) record);
            case Topics.EVAL_RATINGS -> RATINGS.encode((EvaluationRating) record);
            default -> throw new IllegalArgumentException("not an input feed topic: " + topic);
        };
    }

    /** Decodes bytes read from a feed topic and returns the record's kind. */
    public static String decodeKind(String topic, byte[] value) throws DecodeException {
        return kindOf(forTopic(topic).decode(value));
    }

    public static String kindOf(SpecificRecord record) {
        if (record instanceof GridEvent grid) {
            return grid.getState().name();
        }
        if (record instanceof HotlineCase hotline) {
            return hotline.getState().name();
        }
        if (record instanceof PoliceRiskSignal police) {
            return police.getSignalType().name();
        }
        if (record instanceof EvaluationRating rating) {
            return rating.getDimension().name();
        }
        throw new IllegalArgumentException("not a feed record: " + record.getClass().getName());
    }
}
