package cn.dalian.governance.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka source and exactly-once sink every job of the platform uses. */
public final class KafkaParts {
    private KafkaParts() {}

    /**
     * Raw records of {@code topics}, committed ones only, starting at the settings' explicit offsets,
     * or timestamp, or else the group's committed offsets (the earliest for a new group); bounded at
     * the offsets that are the latest at start when the settings say so.
     */
    public static KafkaSource<RawRecord> source(JobSettings settings, List<String> topics) {
        return source(settings, topics, new RawRecordDeserializer(), "read_committed");
    }

    /**
     * Records of {@code topics} read with {@code deserializer}, at {@code isolation} ({@code read_committed}
     * or {@code read_uncommitted}), starting and stopping as {@link #source(JobSettings, List)} does.
     */
    public static <T> KafkaSource<T> source(JobSettings settings, List<String> topics, KafkaRecordDeserializationSchema<T> deserializer, String isolation) {
        OffsetsInitializer start = settings.startingOffsets()
                .map(offsets -> OffsetsInitializer.offsets(Map.copyOf(offsets)))
                .or(() -> settings.startingTimestamp().map(OffsetsInitializer::timestamp))
                .orElse(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        var builder = KafkaSource.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(topics)
                .setGroupId(settings.groupId())
                .setStartingOffsets(start)
                .setDeserializer(deserializer)
                .setProperty("isolation.level", isolation)
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (settings.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * At-least-once sink of encoded records to {@code topic}, keyed by the record key: each record is sent
     * as soon as it is written (5 ms linger), not held for a checkpoint, by an idempotent producer (a
     * retry neither duplicates nor reorders within a partition). A restart from a checkpoint can send
     * records again; what makes that harmless is up to the records (the warnings' (id, seq)).
     */
    public static KafkaSink<EncodedRecord> atLeastOnceSink(JobSettings settings, String topic) {
        KafkaRecordSerializationSchema<EncodedRecord> serializer = (record, context, timestamp) ->
                new ProducerRecord<>(topic, null, timestamp, record.key.getBytes(StandardCharsets.UTF_8), record.value);
        return KafkaSink.<EncodedRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("enable.idempotence", "true")
                .setProperty("acks", "all")
                .setProperty("linger.ms", "5")
                .build();
    }

    /** How many partitions {@code topic} has (IllegalStateException when it does not exist). */
    public static int partitions(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("Kafka topic " + topic + " does not exist at " + bootstrapServers);
            }
            return partitions.size();
        }
    }

    /** Transactional sink of encoded records to {@code topic}, keyed by the record key; commits on checkpoints. */
    public static KafkaSink<EncodedRecord> exactlyOnceSink(JobSettings settings, String topic, String transactionalIdPrefix) {
        KafkaRecordSerializationSchema<EncodedRecord> serializer = (record, context, timestamp) ->
                new ProducerRecord<>(topic, null, timestamp, record.key.getBytes(StandardCharsets.UTF_8), record.value);
        return KafkaSink.<EncodedRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix + "-" + settings.namespace())
                .setProperty("transaction.timeout.ms", "900000")
                .build();
    }

    /**
     * Transactional sink of conformed items to {@code topic}, keyed by item id, each record with the
     * {@link Lineage#HEADER} header (the job's consumer group, the index of the subtask writing it and the
     * feed record it came from) and the {@link IngestClock#HEADER} header (that subtask's watermark when it
     * made the item, {@link EncodedRecord#watermark}, and how many subtasks write); a
     * {@link EncodedRecord#clockBeat clock beat} goes out as a record with no key, an empty value and only
     * the clock header. Chain it (same parallelism, forward) to the step that conformed the items,
     * so that one subtask writes one feed partition's items in offset order (the {@link Lineage} contract).
     */
    public static KafkaSink<EncodedRecord> itemsSink(JobSettings settings, String topic, String transactionalIdPrefix) {
        return KafkaSink.<EncodedRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(new LineageSerializer(topic, settings.groupId()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix + "-" + settings.namespace())
                .setProperty("transaction.timeout.ms", "900000")
                .build();
    }

    /** An item record keyed by item id with its lineage and ingest-clock headers; the subtask comes from the sink context when the writer opens. */
    static final class LineageSerializer implements KafkaRecordSerializationSchema<EncodedRecord> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final String job;
        private transient int subtask = -1;
        private transient int subtasks;

        LineageSerializer(String topic, String job) {
            this.topic = Objects.requireNonNull(topic, "topic is null");
            this.job = Objects.requireNonNull(job, "job is null");
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
            subtask = sinkContext.getParallelInstanceId();
            subtasks = sinkContext.getNumberOfParallelInstances();
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(EncodedRecord record, KafkaSinkContext context, Long timestamp) {
            if (subtask < 0) {
                throw new IllegalStateException("the items serializer was not opened");
            }
            IngestClock clock = new IngestClock(job, subtask, subtasks, record.watermark);
            if (record.isClockBeat()) {
                Headers headers = new RecordHeaders(new Header[] {new RecordHeader(IngestClock.HEADER, clock.encode())});
                return new ProducerRecord<>(topic, null, timestamp, null, record.value, headers);
            }
            Lineage lineage = new Lineage(job, subtask, record.sourceTopic, record.sourcePartition, record.sourceOffset);
            Headers headers = new RecordHeaders(new Header[] {
                new RecordHeader(Lineage.HEADER, lineage.encode()), new RecordHeader(IngestClock.HEADER, clock.encode())});
            return new ProducerRecord<>(topic, null, timestamp, record.key.getBytes(StandardCharsets.UTF_8), record.value, headers);
        }
    }

    /** The end offset of every partition of {@code topics} now: where a job starts to read only what comes next. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrapServers, Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }
}
