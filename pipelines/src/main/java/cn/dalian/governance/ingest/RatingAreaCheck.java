package cn.dalian.governance.ingest;

import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.schema.DecodeException;
import cn.dalian.governance.simulator.FeedCodecs;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluation ratings (Art. 43): rater and rated must be a street or community of the area registry;
 * accepted ratings continue as {@link Transition}s of source RATING so that the dedupe step drops copies.
 */
public final class RatingAreaCheck extends ProcessFunction<RawRecord, Transition> {
    /** Source name of ratings inside the job (they are no governance item). */
    public static final String SOURCE = "RATING";
    private static final Set<AreaLevel> RATED_LEVELS = Set.of(AreaLevel.STREET, AreaLevel.COMMUNITY);
    private transient AreaRegistry areas;

    @Override
    public void open(OpenContext context) {
        areas = AreaRegistry.loadDefault();
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Transition> out) {
        EvaluationRating rating;
        try {
            rating = FeedCodecs.RATINGS.decode(raw.value);
        } catch (DecodeException e) {
            throw new IllegalStateException("a decoded rating no longer decodes: " + raw, e);
        }
        for (String code : new String[] {rating.getRaterAreaCode(), rating.getRatedAreaCode()}) {
            boolean known = areas.find(code).filter(area -> RATED_LEVELS.contains(area.level())).isPresent();
            if (!known) {
                ctx.output(FeedDecoder.REJECTED, new Rejection(raw, DeadLetterReason.UNKNOWN_AREA,
                        "rating area " + code + " is no street or community of the area registry"));
                return;
            }
        }
        Transition t = new Transition();
        t.source = SOURCE;
        t.eventId = rating.getRatingId();
        t.itemId = SOURCE + ":" + rating.getRatingId();
        t.occurredAt = rating.getRatedAt().toEpochMilli();
        t.raw = raw;
        out.collect(t);
    }
}
