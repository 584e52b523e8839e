package cn.dalian.governance.bench;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.assess.Warnings;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.avro.Warning;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.SqlScript;
import cn.dalian.governance.sql.Trino;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
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

/**
 * End-to-end warning latency with the ingest and assess jobs running live: police risk signals sent
 * at a fixed rate with event time = now, and once a second two mass-gathering signals into a
 * community not used before (rule R1 → an orange warning). For each such incident: from the moment
 * the second signal was sent to the moment a plain consumer reads its warning from gov.warnings.v1 (at least
 * once, not transactional). At the end of the timed run, the consumer lag of the jobs ({@link SourcePositions}). Optionally also the
 * freshness of Trino: from a signal's send to its row in a query.
 */
final class WarningLatencyProbe {
    private static final AvroCodec<PoliceRiskSignal> POLICE = AvroCodec.of(PoliceRiskSignal.class);
    /** Events a second sent after the measured run, while the last warnings are awaited. */
    private static final int TRICKLE = 50;
    /** A warning at least this late is printed as it comes in. */
    private static final long SLOW_MILLIS = 500;
    private static final SignalType[] BACKGROUND = {SignalType.CRIMINAL, SignalType.PUBLIC_ORDER, SignalType.DISPUTE_CALL, SignalType.TRAFFIC};

    /**
     * One run: the records sent in the timed part and how long it took, the incidents and their warnings'
     * latencies, the consumer lag of each job when the timed part ended, Trino freshness.
     */
    record Result(int rate, long sent, double sendSeconds, int incidents, Percentiles warnings, Map<String, Long> lagAtEnd, Percentiles freshness) {}

    private final String bootstrap;
    private final List<Area> communities;
    private final String runTag;
    private final SqlScript freshnessSql;
    private int nextCommunity;

    WarningLatencyProbe(String bootstrap, List<Area> communities, String runTag, Path sqlDirectory) {
        this.bootstrap = requireNonNull(bootstrap, "bootstrap");
        this.freshnessSql = SqlScript.read(sqlDirectory.resolve("bench").resolve("freshness_probe.sql"));
        this.communities = List.copyOf(communities);
        this.runTag = requireNonNull(runTag, "runTag");
    }

    /**
     * Sends for {@code duration} at {@code rate} signals a second, then a trickle for up to
     * {@code drain} until the last warnings are in. With {@code trinoUrl}, sends a probe item every 5 s and measures
     * when it appears in {@code schemas}' item_event through Trino.
     */
    Result run(int rate, Duration duration, Duration drain, String trinoUrl, Schemas schemas, Map<String, Map<TopicPartition, Long>> lagJobs) throws Exception {
        Instant runStart = Instant.now().minusSeconds(60);
        Map<String, Long> incidentSentAt = new ConcurrentHashMap<>();
        List<Long> warningMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> freshnessMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Map<TopicPartition, Long> warningsStart = cn.dalian.governance.job.KafkaParts.endOffsets(bootstrap, List.of(Topics.WARNINGS));
        Thread reader = new Thread(() -> readWarnings(warningsStart, incidentSentAt, warningMillis, stop), "bench-warning-reader");
        reader.start();
        Map<String, Long> probes = new ConcurrentHashMap<>();
        Thread prober = trinoUrl == null ? null : new Thread(() -> probeTrino(trinoUrl, schemas, runStart, probes, freshnessMillis, stop), "bench-trino-prober");
        if (prober != null) {
            prober.start();
        }

        SplittableRandom random = new SplittableRandom(rate);
        long sent = 0;
        long sentTimed = 0;
        double sendSeconds = 0;
        Map<String, Long> lagAtEnd = new java.util.LinkedHashMap<>();
        int incidents = 0;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long drainEnd = end + drain.toNanos();
            long tickNanos = 10_000_000; // 100 ticks a second
            long nextIncident = start;
            long lastProbe = start;
            double budget = 0;
            for (long tick = 0; ; tick++) {
                long due = start + tick * tickNanos;
                boolean measuring = due < end;
                if (!measuring && lagAtEnd.isEmpty()) {
                    producer.flush();
                    sentTimed = sent;
                    sendSeconds = (System.nanoTime() - start) / 1e9;
                    for (Map.Entry<String, Map<TopicPartition, Long>> job : lagJobs.entrySet()) {
                        lagAtEnd.put(job.getKey(), SourcePositions.lag(job.getKey(), job.getValue(), bootstrap));
                    }
                }
                if (!measuring && (due >= drainEnd || warningMillis.size() >= incidents && probes.isEmpty())) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                // After the measured run a trickle goes on: event time only advances with events, and
                // the last incidents' warnings wait for the watermark to pass them.
                budget += (measuring ? rate : Math.min(rate, TRICKLE)) / 100.0;
                while (budget >= 1) {
                    String id = send(producer, random, communities.get(random.nextInt(communities.size())).code(), BACKGROUND[random.nextInt(BACKGROUND.length)]);
                    sent++;
                    budget--;
                    if (measuring && prober != null && System.nanoTime() - lastProbe > 5_000_000_000L) {
                        lastProbe = System.nanoTime();
                        probes.put("POLICE:" + id, lastProbe);
                    }
                }
                if (measuring && System.nanoTime() >= nextIncident) {
                    String community = freshCommunity();
                    send(producer, random, community, SignalType.MASS_GATHERING);
                    send(producer, random, community, SignalType.MASS_GATHERING);
                    producer.flush();
                    incidentSentAt.put(community, System.nanoTime());
                    sent += 2;
                    incidents++;
                    nextIncident += 1_000_000_000L;
                }
            }
        }
        stop.set(true);
        reader.join();
        if (prober != null) {
            prober.join();
        }
        return new Result(rate, sentTimed, sendSeconds, incidents, Percentiles.of(List.copyOf(warningMillis)), lagAtEnd, Percentiles.of(List.copyOf(freshnessMillis)));
    }

    private String freshCommunity() {
        Area area = communities.get(nextCommunity % communities.size());
        nextCommunity += 7; // far apart, never the same community twice in one run of up to ~170 incidents
        return area.code();
    }

    private String send(KafkaProducer<byte[], byte[]> producer, SplittableRandom random, String community, SignalType type) {
        Instant now = Instant.now();
        String id = "BENCH-" + runTag + "-" + Long.toHexString(random.nextLong());
        PoliceRiskSignal signal = PoliceRiskSignal.newBuilder()
                .setSignalId(id)
                .setOccurredAt(now)
                .setReportedAt(now)
                .setPoliceStation("基准测试派出所")
                .setCommunityCode(community)
                .setLocation(null)
                .setSignalType(type)
                .setRiskLevel(1 + random.nextInt(2))
                .setPeopleInvolved(type == SignalType.MASS_GATHERING ? 30 : 1 + random.nextInt(3))
                .setSubjectKey(null)
                .build();
        producer.send(new ProducerRecord<>(Topics.POLICE_RISK, null, now.toEpochMilli(), id.getBytes(StandardCharsets.UTF_8), POLICE.encode(signal)));
        return id;
    }

    private void readWarnings(Map<TopicPartition, Long> start, Map<String, Long> incidentSentAt, List<Long> millis, AtomicBoolean stop) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    Warning warning;
                    try {
                        warning = Warnings.CODEC.decode(record.value());
                    } catch (Exception e) {
                        continue;
                    }
                    Long sentAt = "R1".equals(warning.getRule().name()) && "OPENED".equals(warning.getStatus().name())
                            ? incidentSentAt.remove(warning.getAreaCode()) : null;
                    if (sentAt != null) {
                        long latency = (now - sentAt) / 1_000_000;
                        millis.add(latency);
                        if (latency >= SLOW_MILLIS) {
                            // With the time of day, so that the log's checkpoint and GC lines beside it say why.
                            System.err.printf("bench:   slow warning: R1 for %s read %,d ms after its signal, at %s%n", warning.getAreaCode(), latency,
                                    java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                        }
                    }
                }
            }
        }
    }

    /**
     * Every 100 ms, one query for all outstanding probes (sql/bench/freshness_probe.sql); a probe is fresh
     * when its item is in the result.
     */
    private void probeTrino(String trinoUrl, Schemas schemas, Instant since, Map<String, Long> probes, List<Long> millis, AtomicBoolean stop) {
        String sinceLiteral = "from_iso8601_timestamp('" + since + "')";
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            while (!stop.get()) {
                Map<String, Long> outstanding = Map.copyOf(probes);
                if (!outstanding.isEmpty()) {
                    String ids = String.join(", ", outstanding.keySet().stream().map(id -> "'" + id.replace("'", "''") + "'").toList());
                    String sql = freshnessSql.statements(Map.of("since", sinceLiteral, "item_ids", ids), schemas).get(0);
                    try (ResultSet rows = statement.executeQuery(sql)) {
                        while (rows.next()) {
                            String id = rows.getString(1);
                            millis.add((System.nanoTime() - outstanding.get(id)) / 1_000_000);
                            probes.remove(id);
                        }
                    }
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Trino freshness probe failed: " + e.getMessage(), e);
        }
    }
}
