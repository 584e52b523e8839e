package cn.dalian.governance.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.testing.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One simulated city day with every fault kind into the real local broker, then every topic read back
 * and each record decoded: the counts equal the simulator's report kind by kind, and every injected bad
 * record is exactly the bytes the report says.
 */
class SimulateIntoKafkaIT {
    @TempDir
    Path temp;

    @Test
    void everyRecordOfASimulatedCityDayReadsBackAsReported() throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.FEEDS) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, Long> before = consumer.endOffsets(partitions, Duration.ofSeconds(30));

            Path report = temp.resolve("report.json");
            assertEquals(0, PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "11",
                    "--days", "1", "--faults", "0.002", "--duplicates", "0.01", "--late", "0.01", "--report", report.toString()));
            SimulationReport expected = SimulationReport.read(report);
            for (FaultKind kind : FaultKind.values()) {
                assertTrue(expected.faults.stream().anyMatch(fault -> fault.kind() == kind), "the day has " + kind + " faults");
            }

            Map<TopicPartition, Long> after = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long written = 0;
            for (TopicPartition partition : partitions) {
                written += after.get(partition) - before.get(partition);
            }
            assertEquals(expected.records, written, "records the broker took in during the run");

            consumer.assign(partitions);
            before.forEach(consumer::seek);
            List<ReadBack.Read> read = new ArrayList<>();
            Map<TopicPartition, Long> position = new HashMap<>(before);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!position.equals(after) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < after.get(partition)) {
                        read.add(new ReadBack.Read(record.topic(), record.key(), record.value()));
                    }
                    position.put(partition, Math.min(record.offset() + 1, after.get(partition)));
                }
            }
            assertEquals(after, position, "read every partition up to the end of the run");
            ReadBack.assertMatchesReport(read, expected);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
