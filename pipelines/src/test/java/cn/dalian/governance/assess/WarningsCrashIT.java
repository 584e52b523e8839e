package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.Warning;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.job.Checkpoints;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.simulator.SimulationReport;
import cn.dalian.governance.testing.JobProcess;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warning path under {@code kill -9}. Ingest and assess run as the platform runs them, each
 * {@code PlatformCli} in a JVM of its own with 1 s checkpoints, while a paced simulation of a scenario day
 * feeds Kafka. Mid-stream the test kills assess with {@code kill -9} (after its first warnings, so changes
 * sent after its last checkpoint are lost with it), ingest (so items it had sent but not committed are
 * sent again) and assess once more while it catches up, restarting each with {@code --resume} from its
 * latest checkpoint. When all is read:
 * <ul>
 *   <li>every copy of a change on {@code gov.warnings.v1} with the same (warning_id, seq) is identical, so
 *       the consumer contract (drop a seq not above the highest applied) drops exactly the repeats;</li>
 *   <li>{@code gov.warning} holds each change exactly once, and the same changes as the topic;</li>
 *   <li>no change is missing: an assess job that never crashed, run afterwards over the same log of
 *       {@code gov.items.v1}, writes exactly the same changes;</li>
 *   <li>nothing is counted twice: the city's new items per hour and matter group equal the items of
 *       {@code item_event}, although assess read ingest's re-sent items too.</li>
 * </ul>
 */
class WarningsCrashIT {
    private static final AvroCodec<Warning> WARNINGS = AvroCodec.of(Warning.class);

    @TempDir
    Path temp;

    @Test
    void killedWithSigkillMidStreamTheWarningsLoseNothingAndIcebergHoldsEachChangeOnce() throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        Path catalogConfig = LocalPostgres.catalogConfig();
        CatalogSettings catalogSettings = CatalogSettings.load(catalogConfig);
        String namespace = "gov_crash_it_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        String reference = namespace + "_ref";
        Path piiKey = Files.writeString(temp.resolve("pii-key"), "crash-it-pseudonymisation-key");
        Map<TopicPartition, Long> feedsStart = KafkaParts.endOffsets(bootstrap, Topics.FEEDS);
        Map<TopicPartition, Long> itemsStart = KafkaParts.endOffsets(bootstrap, List.of(Topics.ITEMS));
        Map<TopicPartition, Long> warningsStart = KafkaParts.endOffsets(bootstrap, List.of(Topics.WARNINGS));

        List<String> ingestArgs = jobArgs("ingest", bootstrap, catalogConfig, namespace, feedsStart);
        ingestArgs.addAll(List.of("--pii-key-file", piiKey.toString()));
        List<String> assessArgs = jobArgs("assess", bootstrap, catalogConfig, namespace, itemsStart);
        try (JdbcCatalog catalog = GovCatalog.open(catalogSettings)) {
            Tables tables = new Tables(catalog, namespace);
            JobProcess ingest = JobProcess.start("ingest", temp.resolve("ingest.log"), ingestArgs);
            JobProcess assess = JobProcess.start("assess", temp.resolve("assess.log"), assessArgs);
            try {
                awaitUntil("both jobs' first checkpoints", Duration.ofMinutes(3), ingest, assess,
                        () -> Checkpoints.latest(temp.resolve("ingest-checkpoints")).isPresent() && Checkpoints.latest(temp.resolve("assess-checkpoints")).isPresent());
                // A scenario day (R1, R3, R4 incidents on 2026-10-04) at 400 records a second: about 50 s of feed.
                CompletableFuture<SimulationReport> simulation = CompletableFuture.supplyAsync(() -> simulate(bootstrap));

                // Kill 1: assess, once its first warnings are in gov.warning and more have gone out since.
                awaitUntil("assess's first checkpointed warnings", Duration.ofMinutes(3), ingest, assess,
                        () -> tables.count(GovTables.WARNING) > 0 && warningsSent(bootstrap, warningsStart) > tables.count(GovTables.WARNING));
                assertTrue(!simulation.isDone(), "killed mid-stream, while records still arrive");
                assess.kill9();
                assess = JobProcess.start("assess", temp.resolve("assess.log"), assessArgs);

                // Kill 2: ingest, once it has committed items and while it still reads.
                long committed = tables.count(GovTables.ITEM_EVENT);
                awaitUntil("ingest's next commit", Duration.ofMinutes(2), ingest, assess, () -> tables.count(GovTables.ITEM_EVENT) > committed);
                assertTrue(!simulation.isDone(), "killed mid-stream, while records still arrive");
                ingest.kill9();
                ingest = JobProcess.start("ingest", temp.resolve("ingest.log"), ingestArgs);

                // Kill 3: assess again, a few seconds into its catch-up after ingest's restart.
                Thread.sleep(4000);
                assess.kill9();
                assess = JobProcess.start("assess", temp.resolve("assess.log"), assessArgs);

                SimulationReport report = simulation.get();
                long transitions = report.topic(Topics.GRID_EVENTS).valid + report.topic(Topics.HOTLINE_CASES).valid + report.topic(Topics.POLICE_RISK).valid;
                awaitUntil("every transition in item_event", Duration.ofMinutes(4), ingest, assess, () -> tables.count(GovTables.ITEM_EVENT) >= transitions);
                String assessGroup = "gov-assess-" + namespace;
                awaitUntil("assess's checkpoint after the last item", Duration.ofMinutes(4), ingest, assess, () -> caughtUp(bootstrap, assessGroup));
                Thread.sleep(3000); // the Iceberg commit of that checkpoint
            } finally {
                assess.close();
                ingest.close();
            }
            // Stopped with SIGTERM (as infra/platform down does), ingest cancels its job first: no transaction of it
            // stays open, which would hide every later item from read_committed readers until the broker timed it out.
            awaitUntil("no open transaction on gov.items.v1", Duration.ofSeconds(30), null, null,
                    () -> LocalKafka.stableEnd(bootstrap, Topics.ITEMS).equals(KafkaParts.endOffsets(bootstrap, List.of(Topics.ITEMS))));

            List<Change> sent = readWarnings(bootstrap, warningsStart);
            Map<String, Change> distinct = new TreeMap<>();
            for (Change change : sent) {
                Change first = distinct.putIfAbsent(change.key(), change);
                assertTrue(first == null || first.equals(change), "a repeat of " + change.key() + " differs from the first copy:\n" + first + "\n" + change);
            }
            List<Change> stored = tables.warnings();
            Map<String, Integer> copies = new HashMap<>();
            stored.forEach(change -> copies.merge(change.key(), 1, Integer::sum));
            assertTrue(copies.values().stream().allMatch(n -> n == 1), "gov.warning holds each change once");
            assertEquals(new TreeSet<>(distinct.values().stream().map(Change::toString).toList()), new TreeSet<>(stored.stream().map(Change::toString).toList()),
                    "gov.warnings.v1 (repeats dropped) and gov.warning hold the same changes");
            System.out.printf("warning changes: %d distinct, %d sent (%d repeats after the restarts)%n", distinct.size(), sent.size(), sent.size() - distinct.size());
            assertTrue(sent.size() > distinct.size(), "the restarts sent changes again (else the kill came at no useful moment)");

            // Nothing counted twice: the city's new items equal the items ingested, over the hours the clock has closed
            // (it trails the last record sent by the bound, and the job runs on: the last hours stay open).
            long closed = tables.lastCityHour();
            assertTrue(closed > 0, "closed hours");
            assertEquals(tables.newItemsIngested(closed), tables.cityNewItems(closed), "city new items per matter group, up to the last closed hour");

            // Nothing missing: an assess job that never crashed, over the same log, writes the same changes.
            Tables referenceTables = new Tables(catalog, reference);
            JobSettings settings = JobSettings.builder().bootstrapServers(bootstrap).groupId("gov-assess-" + reference).catalog(catalogSettings)
                    .namespace(reference).parallelism(2).checkpointInterval(Duration.ofSeconds(1))
                    .checkpointDirectory(temp.resolve("reference-checkpoints").toUri().toString()).startingOffsets(itemsStart).build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
            AssessJob.build(env, settings, AssessmentRules.loadDefault());
            JobClient job = env.executeAsync("assess-reference");
            try {
                awaitUntil("the reference's checkpoint after the last item", Duration.ofMinutes(4), null, null, () -> caughtUp(bootstrap, "gov-assess-" + reference));
                Thread.sleep(3000);
            } finally {
                job.cancel().get();
            }
            assertEquals(new TreeSet<>(referenceTables.warnings().stream().map(Change::toString).toList()), new TreeSet<>(stored.stream().map(Change::toString).toList()),
                    "the crashed and restarted assess wrote the changes of one that never crashed");
            GovCatalog.dropNamespace(catalog, namespace);
            GovCatalog.dropNamespace(catalog, reference);
        }
    }

    private SimulationReport simulate(String bootstrap) {
        try {
            Path report = temp.resolve("report.json");
            assertEquals(0, PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "71", "--start", "2026-10-04",
                    "--scale", "0.5", "--scenario", AssessFixtures.SCENARIO.toString(), "--rate", "400", "--duplicates", "0.01", "--report", report.toString(),
                    "--ground-truth", temp.resolve("ground-truth.json").toString()));
            return SimulationReport.read(report);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> jobArgs(String job, String bootstrap, Path catalogConfig, String namespace, Map<TopicPartition, Long> start) {
        List<String> args = new ArrayList<>(List.of(job, "--bootstrap", bootstrap, "--catalog-config", catalogConfig.toString(), "--namespace", namespace,
                "--group-id", "gov-" + job + "-" + namespace, "--parallelism", "2", "--checkpoint-interval", "PT1S",
                "--checkpoint-dir", temp.resolve(job + "-checkpoints").toString(), "--resume"));
        List<String> offsets = new ArrayList<>();
        start.forEach((partition, offset) -> offsets.add(partition.topic() + ":" + partition.partition() + ":" + offset));
        args.add("--start-offsets");
        args.add(String.join(",", offsets));
        return args;
    }

    /** Waits for {@code condition}, failing with the job's log when a job process dies. */
    private static void awaitUntil(String what, Duration timeout, JobProcess ingest, JobProcess assess, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (ingest != null) {
                ingest.assertAlive();
            }
            if (assess != null) {
                assess.assertAlive();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(250);
        }
        System.out.println("reached: " + what);
    }

    /** Whether {@code group} has committed the offset after the last item of gov.items.v1: its checkpoint after the last item completed. */
    private static boolean caughtUp(String bootstrap, String group) {
        try {
            Map<TopicPartition, Long> end = LocalKafka.recordsEnd(bootstrap, List.of(Topics.ITEMS));
            Map<TopicPartition, Long> committed = LocalKafka.committedOffsets(bootstrap, group, end.keySet());
            return end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) >= e.getValue());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long warningsSent(String bootstrap, Map<TopicPartition, Long> from) {
        Map<TopicPartition, Long> end = KafkaParts.endOffsets(bootstrap, List.of(Topics.WARNINGS));
        return end.entrySet().stream().mapToLong(e -> e.getValue() - from.get(e.getKey())).sum();
    }

    /** Every record of gov.warnings.v1 from {@code from} to the end now (at least once output: no transactions). */
    private static List<Change> readWarnings(String bootstrap, Map<TopicPartition, Long> from) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<Change> changes = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    changes.add(Change.of(WARNINGS.decode(record.value())));
                }
            }
        }
        return changes;
    }

    /** A warning change in a form both the topic and the table give: every field of Warning.avsc. */
    private record Change(String warningId, long seq, String rule, String areaCode, String level, String status, long changedAt,
            long windowStart, long windowEnd, String routedToArea, List<String> itemIds, Map<String, Long> counts, String summary) {
        String key() {
            return warningId + "#" + seq;
        }

        static Change of(Warning w) {
            Map<String, Long> counts = new TreeMap<>();
            w.getCounts().forEach((name, count) -> counts.put(name, count));
            return new Change(w.getWarningId(), w.getSeq(), w.getRule().name(), w.getAreaCode(), w.getLevel().name(), w.getStatus().name(),
                    w.getChangedAt().toEpochMilli(), w.getWindowStart().toEpochMilli(), w.getWindowEnd().toEpochMilli(), w.getRoutedToArea(),
                    List.copyOf(w.getItemIds()), counts, w.getSummary());
        }

        @SuppressWarnings("unchecked")
        static Change of(Record row) {
            return new Change((String) row.getField("warning_id"), (Long) row.getField("seq"), (String) row.getField("rule"),
                    (String) row.getField("area_code"), (String) row.getField("level"), (String) row.getField("status"), millis(row, "changed_at"),
                    millis(row, "window_start"), millis(row, "window_end"), (String) row.getField("routed_to_area"),
                    List.copyOf((List<String>) row.getField("item_ids")), new TreeMap<>((Map<String, Long>) row.getField("counts")),
                    (String) row.getField("summary"));
        }

        private static long millis(Record row, String column) {
            return ((OffsetDateTime) row.getField(column)).toInstant().toEpochMilli();
        }
    }

    /** The curated tables of one namespace, read back. */
    private record Tables(JdbcCatalog catalog, String namespace) {
        long count(String table) {
            try {
                return rows(table).size();
            } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
                return 0;
            }
        }

        List<Change> warnings() {
            return rows(GovTables.WARNING).stream().map(Change::of).toList();
        }

        /** Start of the last hour with a city row (epoch millis). */
        long lastCityHour() {
            return rows(GovTables.AREA_HOURLY).stream().filter(row -> "CITY".equals(row.getField("area_level")))
                    .mapToLong(row -> millis(row, "hour_start")).max().orElse(0);
        }

        Map<String, Long> newItemsIngested(long untilHour) {
            Map<String, Long> groups = new TreeMap<>();
            for (Record row : rows(GovTables.ITEM_EVENT)) {
                if (row.getField("previous_state") == null && millis(row, "occurred_at") < untilHour + 3_600_000L) {
                    groups.merge((String) row.getField("matter_group"), 1L, Long::sum);
                }
            }
            return groups;
        }

        Map<String, Long> cityNewItems(long untilHour) {
            Map<String, Long> groups = new TreeMap<>();
            for (Record row : rows(GovTables.AREA_HOURLY)) {
                if ("CITY".equals(row.getField("area_level")) && millis(row, "hour_start") <= untilHour) {
                    groups.merge((String) row.getField("matter_group"), (Long) row.getField("new_items"), Long::sum);
                }
            }
            return groups;
        }

        private static long millis(Record row, String column) {
            return ((OffsetDateTime) row.getField(column)).toInstant().toEpochMilli();
        }

        private List<Record> rows(String table) {
            List<Record> rows = new ArrayList<>();
            var loaded = catalog.loadTable(TableIdentifier.of(namespace, table));
            try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
                records.forEach(rows::add);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return rows;
        }
    }
}
