package cn.dalian.governance.assess;

import cn.dalian.governance.job.IngestClock;
import cn.dalian.governance.job.Lineage;
import cn.dalian.governance.job.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps each record of gov.items.v1 as it is, with its lineage and clock headers; {@link ItemClock} decodes it. */
public final class ItemRecordDeserializer implements KafkaRecordDeserializationSchema<ItemRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ItemRecord> out) {
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value() == null ? new byte[0] : record.value());
        out.collect(new ItemRecord(raw, Lineage.read(record.headers()), IngestClock.read(record.headers())));
    }

    @Override
    public TypeInformation<ItemRecord> getProducedType() {
        return TypeInformation.of(ItemRecord.class);
    }
}
