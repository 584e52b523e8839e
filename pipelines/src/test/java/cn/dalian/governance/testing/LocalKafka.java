package cn.dalian.governance.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The real local Kafka broker for integration tests. {@code infra/platform test} starts it and passes
 * {@code -Dgov.kafka.bootstrap}; a test run without it (plain {@code mvn verify}) starts it with the
 * project's own script, {@code infra/platform up kafka}, which is idempotent.
 */
public final class LocalKafka {
    private static String bootstrap;

    private LocalKafka() {}

    public static synchronized String bootstrap() throws IOException, InterruptedException {
        if (bootstrap != null) {
            return bootstrap;
        }
        String given = System.getProperty("gov.kafka.bootstrap");
        if (given != null && !given.isBlank()) {
            bootstrap = given;
            return bootstrap;
        }
        PlatformScript.up("kafka");
        bootstrap = "127.0.0.1:" + PlatformScript.setting("KAFKA_PORT");
        return bootstrap;
    }

    /** Committed records of the partitions of {@code from}, from those offsets up to the end now. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, Map<TopicPartition, Long> from) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(from.keySet());
            consumer.assign(partitions);
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * The offsets consumer group {@code group} has committed for {@code partitions} (0 for a partition it
     * never committed).
     */
    public static Map<TopicPartition, Long> committedOffsets(String bootstrap, String group, Collection<TopicPartition> partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                offsets.put(partition, offset == null ? 0L : offset.offset());
            }
            return offsets;
        }
    }

    /**
     * Per partition of {@code topics}, the offset after its last record as a read_uncommitted consumer
     * reads it: what a consumer that has read everything commits. The end offset can be higher: the
     * commit or abort markers of transactional writers take offsets but are never read.
     */
    public static Map<TopicPartition, Long> recordsEnd(String bootstrap, Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                long last = -1;
                for (long window = 64; last < 0; window *= 8) {
                    long from = Math.max(begin.get(partition), end.get(partition) - window);
                    consumer.assign(List.of(partition));
                    consumer.seek(partition, from);
                    while (consumer.position(partition) < end.get(partition)) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            last = Math.max(last, record.offset());
                        }
                    }
                    if (from == begin.get(partition)) {
                        break;
                    }
                }
                ends.put(partition, last < 0 ? begin.get(partition) : last + 1);
            }
        }
        return ends;
    }

    /** The last stable offset of every partition of {@code topic}: what a read_committed reader can read up to (before any open transaction). */
    public static Map<TopicPartition, Long> stableEnd(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    public static Path repoRoot() {
        String root = System.getProperty("gov.repo.root");
        return (root == null ? Path.of("..") : Path.of(root)).toAbsolutePath().normalize();
    }
}
