package cn.dalian.governance.ingest;

import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Steps 1 and 2 of ingest, chained to the Kafka source: decodes each feed record once
 * ({@link FeedDecoder}), places it ({@link AreaResolver}) or checks a rating's areas
 * ({@link RatingAreaCheck}). Rejections go whole to {@link IngestTags#REJECTED}. Counts every record
 * READ (and LATE: sent behind the watermark) and every rejection, and sends the counts before each
 * checkpoint barrier ({@link IngestTags#OUTCOMES}).
 */
public final class FeedIntake extends ProcessFunction<RawRecord, Transition> implements BeforeBarrier {
    private transient AreaResolver resolver;
    private transient RatingAreaCheck ratings;
    private transient OutcomeTally tally;
    private transient Counter late;

    @Override
    public void open(OpenContext context) {
        AreaRegistry areas = AreaRegistry.loadDefault();
        resolver = new AreaResolver(areas, MatterCatalogue.loadDefault());
        ratings = new RatingAreaCheck(areas);
        tally = new OutcomeTally();
        late = getRuntimeContext().getMetricGroup().counter("recordsLate");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Transition> out) {
        tally.add(raw.topic, Outcome.Kind.READ);
        try {
            Transition t = FeedDecoder.decode(raw);
            if (RatingAreaCheck.SOURCE.equals(t.source)) {
                ratings.check(t);
            } else {
                if (t.occurredAt < ctx.timerService().currentWatermark()) {
                    late.inc();
                    tally.add(raw.topic, Outcome.Kind.LATE);
                }
                resolver.resolve(t);
            }
            out.collect(t);
        } catch (FeedDecoder.Rejected rejected) {
            tally.add(raw.topic, Outcome.Kind.DEAD_LETTER, rejected.reason.name());
            ctx.output(IngestTags.REJECTED, new Rejection(raw, rejected.reason, rejected.getMessage()));
        }
    }

    @Override
    public void beforeBarrier(SideOutput out) {
        tally.drain(outcome -> out.emit(IngestTags.OUTCOMES, outcome));
    }
}
