package cn.dalian.governance.bench;

import cn.dalian.governance.schema.DecodeException;
import cn.dalian.governance.simulator.FeedCodecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The limit a job is measured against: one plain Kafka consumer reading the given offset ranges and
 * Avro-decoding every record, nothing else (no state, no output), on one thread.
 */
final class LimitReader {
    record Result(long records, long decodeFailures, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    private LimitReader() {}

    static Result read(String bootstrap, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
        long records = 0;
        long failures = 0;
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(from.keySet());
            consumer.assign(partitions);
            from.forEach(consumer::seek);
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(p -> from.get(p) >= to.get(p));
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= to.get(partition)) {
                        continue;
                    }
                    records++;
                    try {
                        FeedCodecs.forTopic(record.topic()).decode(record.value());
                    } catch (DecodeException e) {
                        failures++;
                    }
                }
                open.removeIf(p -> consumer.position(p) >= to.get(p));
            }
        }
        return new Result(records, failures, (System.nanoTime() - started) / 1e9);
    }
}
