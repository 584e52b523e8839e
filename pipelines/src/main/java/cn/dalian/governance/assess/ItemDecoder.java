package cn.dalian.governance.assess;

import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.schema.DecodeException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Decodes conformed items of gov.items.v1; a record that does not decode goes whole to the dead letters. */
public final class ItemDecoder extends ProcessFunction<RawRecord, ItemTransition> {
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("assess-rejected") {};
    private static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);

    /**
     * Event time of a raw item record, for the source's per-partition watermarks: the item's
     * occurred_at, or the Kafka timestamp of a record that does not decode (it becomes a dead letter).
     */
    public static long eventTime(RawRecord raw, long kafkaTimestamp) {
        try {
            return ITEMS.decode(raw.value).getOccurredAt().toEpochMilli();
        } catch (DecodeException e) {
            return kafkaTimestamp;
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ItemTransition> out) {
        try {
            out.collect(ItemTransitions.from(ITEMS.decode(raw.value)));
        } catch (DecodeException e) {
            DeadLetterReason reason = e.kind() == DecodeException.Kind.UNKNOWN_SCHEMA ? DeadLetterReason.UNKNOWN_SCHEMA : DeadLetterReason.UNDECODABLE;
            ctx.output(REJECTED, new Rejection(raw, reason, e.getMessage()));
        }
    }
}
