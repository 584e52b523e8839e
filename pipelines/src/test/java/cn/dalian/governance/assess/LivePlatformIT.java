package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.avro.Warning;
import cn.dalian.governance.avro.WarningLevel;
import cn.dalian.governance.avro.WarningRule;
import cn.dalian.governance.avro.WarningStatus;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.testing.LocalJobs;
import cn.dalian.governance.testing.LocalKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The platform as a user runs it ({@code infra/platform up ingest}, {@code infra/platform up assess}; each
 * started here unless it already runs, and stopped again afterwards): four MASS_GATHERING police signals
 * with current timestamps, 20 minutes apart, in one community reach a plain consumer of
 * {@code gov.warnings.v1} as R1 ORANGE when the second arrives and RED when the fourth does, as soon as they
 * arrive: the clock that closes hours and clears warnings trails the newest event by 15 minutes, and the
 * signals' warning does not wait for it. The latency of each change is printed (the bench measures its p99).
 */
class LivePlatformIT {
    private static final AvroCodec<PoliceRiskSignal> POLICE = AvroCodec.of(PoliceRiskSignal.class);
    private static final AvroCodec<Warning> WARNINGS = AvroCodec.of(Warning.class);
    /** Far below the 15-minute watermark bound: a warning that waited for the watermark cannot come this soon. */
    private static final Duration ON_ARRIVAL = Duration.ofSeconds(10);

    @Test
    void liveMassGatheringSignalsRaiseTheirR1WarningAsTheyArrive() throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        try (LocalJobs jobs = LocalJobs.up("ingest", "assess")) {
            System.out.println("platform jobs started for this test: " + jobs.started());
            awaitCaughtUp(bootstrap, "gov-ingest", Topics.FEEDS);
            awaitCaughtUp(bootstrap, "gov-assess", List.of(Topics.ITEMS));

            String run = HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
            List<Area> communities = AreaRegistry.loadDefault().atLevel(AreaLevel.COMMUNITY).stream().filter(area -> area.population() > 0).toList();
            Area community = communities.get(new Random().nextInt(communities.size()));
            Map<TopicPartition, Long> warningsFrom = KafkaParts.endOffsets(bootstrap, List.of(Topics.WARNINGS));
            List<Received> received = new CopyOnWriteArrayList<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> read(bootstrap, warningsFrom, community.code(), received, reading), "warnings-reader");
            reader.start();
            try {
                Instant now = Instant.now();
                List<String> itemIds = new ArrayList<>();
                long[] sentAt = new long[4];
                try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                    for (int i = 0; i < 4; i++) {
                        String signalId = "live-it-" + run + "-" + i;
                        itemIds.add("POLICE:" + signalId);
                        PoliceRiskSignal signal = PoliceRiskSignal.newBuilder()
                                .setSignalId(signalId)
                                .setOccurredAt(now.minus(Duration.ofMinutes(20L * (3 - i))))
                                .setReportedAt(Instant.now())
                                .setPoliceStation("live-it")
                                .setCommunityCode(community.code())
                                .setSignalType(SignalType.MASS_GATHERING)
                                .setRiskLevel(3)
                                .setPeopleInvolved(40)
                                .build();
                        sentAt[i] = System.currentTimeMillis();
                        producer.send(new ProducerRecord<>(Topics.POLICE_RISK, signalId.getBytes(), POLICE.encode(signal))).get();
                        // One at a time: each change is timed from the record that caused it.
                        Received change = await(received, i == 1 ? WarningLevel.ORANGE : i == 3 ? WarningLevel.RED : null, itemIds);
                        if (change != null) {
                            long latency = change.receivedAt - sentAt[i];
                            System.out.printf("signal %d sent -> R1 %s %s in %s read %d ms later%n", i + 1, change.warning.getLevel(),
                                    change.warning.getStatus(), community.code(), latency);
                            assertTrue(latency < ON_ARRIVAL.toMillis(), "R1 " + change.warning.getLevel() + " came " + latency + " ms after its signal");
                        }
                    }
                }
                List<Warning> changes = received.stream().map(change -> change.warning).toList();
                assertEquals(WarningStatus.OPENED, changes.get(0).getStatus(), "the first change opens the warning: " + changes);
                assertEquals(WarningLevel.ORANGE, changes.get(0).getLevel());
                assertEquals(1L, changes.get(0).getSeq());
                assertEquals(2, changes.get(0).getItemIds().size(), "the opening's evidence: " + changes.get(0).getItemIds());
                assertTrue(changes.get(0).getItemIds().containsAll(itemIds.subList(0, 2)), "the opening's evidence is the first two signals");
                Warning last = changes.get(changes.size() - 1);
                assertEquals(WarningLevel.RED, last.getLevel());
                assertEquals(WarningStatus.UPDATED, last.getStatus());
                assertTrue(last.getItemIds().containsAll(itemIds), "the red warning's evidence holds all four signals: " + last.getItemIds());
                assertEquals(community.code().substring(0, 9), last.getRoutedToStreet());
            } finally {
                reading.set(false);
                reader.join();
            }
        }
    }

    /** One warning change read, and when. */
    private record Received(Warning warning, long receivedAt) {}

    /**
     * Waits for the R1 change at {@code level} whose evidence holds the signals sent so far, or, with no level,
     * a moment for any change they should not cause; returns the change or null.
     */
    private static Received await(List<Received> received, WarningLevel level, List<String> itemIds) throws InterruptedException {
        long deadline = System.nanoTime() + (level == null ? Duration.ofSeconds(2) : ON_ARRIVAL.plusSeconds(50)).toNanos();
        while (System.nanoTime() < deadline) {
            for (Received change : received) {
                if (change.warning.getLevel() == level && change.warning.getItemIds().containsAll(itemIds)) {
                    return change;
                }
            }
            Thread.sleep(5);
        }
        if (level != null) {
            throw new AssertionError("no R1 " + level + " warning with evidence " + itemIds + " within " + ON_ARRIVAL.plusSeconds(50)
                    + " of the signal; read so far: " + received);
        }
        return null;
    }

    private static void read(String bootstrap, Map<TopicPartition, Long> from, String community, List<Received> received, AtomicBoolean reading) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long at = System.currentTimeMillis();
                    Warning warning = WARNINGS.decode(record.value());
                    if (warning.getRule() == WarningRule.R1 && warning.getAreaCode().equals(community)) {
                        received.add(new Received(warning, at));
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Waits until {@code group} has committed the offsets after the last records, as of now, of every partition of {@code topics}. */
    private static void awaitCaughtUp(String bootstrap, String group, List<String> topics) throws Exception {
        Map<TopicPartition, Long> end = LocalKafka.recordsEnd(bootstrap, topics);
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(10).toNanos();
        long nextReport = started;
        while (true) {
            Map<TopicPartition, Long> committed = LocalKafka.committedOffsets(bootstrap, group, end.keySet());
            long lag = end.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - committed.get(e.getKey()))).sum();
            if (lag == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(group + " did not catch up with " + topics + " in 10 minutes; lag " + lag);
            }
            if (System.nanoTime() >= nextReport) {
                System.out.printf("%s catching up: %d records behind%n", group, lag);
                nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(500);
        }
    }
}
