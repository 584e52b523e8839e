package cn.dalian.governance.testing;

import java.io.IOException;
import java.nio.file.Path;
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

    public static Path repoRoot() {
        String root = System.getProperty("gov.repo.root");
        return (root == null ? Path.of("..") : Path.of(root)).toAbsolutePath().normalize();
    }
}
