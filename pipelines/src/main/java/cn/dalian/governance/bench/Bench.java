package cn.dalian.governance.bench;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.assess.AssessJob;
import cn.dalian.governance.assess.AssessmentRules;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.ingest.IngestJob;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.replay.BoundedReplay;
import cn.dalian.governance.simulator.KafkaRecordSink;
import cn.dalian.governance.simulator.Pacer;
import cn.dalian.governance.simulator.SimulationConfig;
import cn.dalian.governance.simulator.SimulationReport;
import cn.dalian.governance.simulator.Simulator;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.TableMaintenance;
import cn.dalian.governance.sql.Trino;
import cn.dalian.governance.sql.TrinoSetup;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * One benchmark run (DESIGN targets in the README): every figure from the same run on the same
 * machine, in a namespace of its own. Immutable settings; {@link #run} does the work in phases and
 * prints progress on stderr.
 */
public final class Bench {
    private static final byte[] BENCH_PII_KEY = "benchmark-pseudonymisation-key".getBytes(StandardCharsets.UTF_8);
    private static final double INGEST_TARGET = 50_000;
    private static final double ASSESS_TARGET = 50_000;
    private static final String LIVE_INGEST_GROUP = "gov-ingest-live-";
    private static final String LIVE_ASSESS_GROUP = "gov-assess-live-";
    private static final String LIVE_INGEST_JOB = "bench-ingest-live";
    private static final String LIVE_ASSESS_JOB = "bench-assess-live";

    private final String bootstrap;
    private final CatalogSettings catalog;
    private final String trinoUrl;
    private final Path sqlDirectory;
    private final long seed;
    private final LocalDate start;
    private final int days;
    private final double scale;
    private final int weeks;
    private final List<Integer> rates;
    private final Duration latencyRun;
    private final Duration liveCheckpointInterval;
    private final int queryRuns;
    private final boolean keep;
    private final boolean ingestOnly;

    private Bench(Builder b) {
        this.bootstrap = requireNonNull(b.bootstrap, "bootstrap");
        this.catalog = requireNonNull(b.catalog, "catalog");
        this.trinoUrl = requireNonNull(b.trinoUrl, "trinoUrl");
        this.sqlDirectory = requireNonNull(b.sqlDirectory, "sqlDirectory");
        this.seed = b.seed;
        this.start = requireNonNull(b.start, "start");
        this.days = b.days;
        this.scale = b.scale;
        this.weeks = b.weeks;
        this.rates = List.copyOf(b.rates);
        this.latencyRun = requireNonNull(b.latencyRun, "latencyRun");
        this.liveCheckpointInterval = requireNonNull(b.liveCheckpointInterval, "liveCheckpointInterval");
        this.queryRuns = b.queryRuns;
        this.keep = b.keep;
        this.ingestOnly = b.ingestOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    public void run(PrintStream out, Path report) throws Exception {
        String suffix = HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        String namespace = "gov_bench_" + suffix;
        Schemas schemas = Schemas.of(namespace, "bench_" + suffix);
        BenchTable table = new BenchTable();
        describeMachine(table);
        Path work = report.getParent().resolve(namespace);
        Exception failure = null;
        try {
            // 1. The events: a simulated week of the city into Kafka.
            BoundedReplay.Mark from = BoundedReplay.Mark.now(bootstrap);
            SimulationConfig simulation = SimulationConfig.builder().seed(seed).startDay(start).days(days).scale(scale).build();
            step("1/6 simulating %d day(s) from %s at scale %s into Kafka", days, start, scale);
            SimulationReport simulated;
            try (KafkaRecordSink sink = new KafkaRecordSink(bootstrap)) {
                simulated = new Simulator(simulation, AreaRegistry.loadDefault(), MatterCatalogue.loadDefault(), System.err)
                        .run(sink, new Pacer(0, 0, simulation.start())).report();
            }
            Map<TopicPartition, Long> feedsTo = KafkaParts.endOffsets(bootstrap, Topics.FEEDS);
            long events = simulated.records;

            // 2. The limit.
            step("2/6 the limit: one plain consumer decoding the %,d events", events);
            LimitReader.Result limit = LimitReader.read(bootstrap, from.feeds(), feedsTo);
            table.add("limit: plain consumer + Avro decode", rate(limit.perSecond()),
                    String.format("%,d events in %.1f s, one thread%s", limit.records(), limit.seconds(),
                            limit.decodeFailures() > 0 ? ", " + limit.decodeFailures() + " undecodable" : ""));

            // 3. Ingest over the same events.
            step("3/6 ingest (bounded) over the same events");
            BoundedReplay replay = BoundedReplay.builder().bootstrap(bootstrap).catalog(catalog).namespace(namespace).piiKey(BENCH_PII_KEY)
                    .parallelism(2).checkpointInterval(Duration.ofSeconds(10)).workDirectory(work).build();
            HeapPeak.reset();
            BoundedReplay.JobTime ingestTime = replay.ingestTimed(from);
            long ingestHeap = HeapPeak.peakBytes();
            double ingestRate = events / ingestTime.runningSeconds();
            table.add("ingest throughput", rate(ingestRate), "≥ 50 000/s", ingestRate >= INGEST_TARGET,
                    String.format("%,d events in %.1f s running (%.1f s with submission and start-up: %s), parallelism 2", events,
                            ingestTime.runningSeconds(), ingestTime.totalSeconds(), rate(events / ingestTime.totalSeconds())));
            table.add("ingest / limit", percent(ingestRate / limit.perSecond()), "≥ 50 %", ingestRate / limit.perSecond() >= 0.5, "");
            if (ingestOnly) {
                table.add("ingest peak heap", mib(ingestHeap), "JVM heap pools' peak while the job ran (MiniCluster in the bench JVM)");
            } else {
                failure = assessLiveAndQueries(table, from, replay, namespace, schemas, suffix, work, ingestHeap, limit.perSecond());
            }
        } catch (Exception e) {
            failure = e;
            table.add("FAILED", e.getClass().getSimpleName(), String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } finally {
            if (!keep) {
                drop(schemas);
            }
        }
        out.println();
        table.print(out);
        table.write(report);
        out.printf("%nreport: %s; namespace %s %s%n", report, namespace, keep ? "kept" : "dropped");
        deleteTree(work);
        if (failure != null) {
            throw failure;
        }
    }

    /** Phases 4-6: assess, the live jobs' latency and freshness, a year of data and the dashboards' queries; a failure to report, or null. */
    private Exception assessLiveAndQueries(BenchTable table, BoundedReplay.Mark from, BoundedReplay replay, String namespace, Schemas schemas,
            String suffix, Path work, long ingestHeap, double limitPerSecond) throws Exception {
        Exception failure = null;
        // 4. Assess over the items ingest published.
        long items = from.itemsUntil(BoundedReplay.Mark.now(bootstrap));
        step("4/6 assess (bounded) over the %,d items ingest published", items);
        HeapPeak.reset();
        BoundedReplay.JobTime assessTime = replay.assessTimed(from, AssessmentRules.loadDefault());
        long assessHeap = HeapPeak.peakBytes();
        double assessRate = items / assessTime.runningSeconds();
        table.add("assess throughput", rate(assessRate), "≥ 50 000/s", assessRate >= ASSESS_TARGET,
                String.format("%,d items in %.1f s running (%.1f s with submission and start-up: %s), parallelism 2", items,
                        assessTime.runningSeconds(), assessTime.totalSeconds(), rate(items / assessTime.totalSeconds())));
        table.add("assess / limit", percent(assessRate / limitPerSecond), "");
        table.add("ingest peak heap", mib(ingestHeap), "JVM heap pools' peak while the job ran (MiniCluster in the bench JVM)");
        table.add("assess peak heap", mib(assessHeap), "same");

        // 5. Live: warning latency at fixed rates, and Trino freshness.
        step("5/6 live jobs (checkpoint every %d ms): warning latency at %s events/s", liveCheckpointInterval.toMillis(), rates);
        LiveJobs live = startLive(namespace, work);
        try {
            Thread.sleep(liveCheckpointInterval.toMillis() * 3 + 5000); // running and checkpointing
            List<cn.dalian.governance.reference.Area> communities = AreaRegistry.loadDefault().atLevel(AreaLevel.COMMUNITY);
            WarningLatencyProbe probe = new WarningLatencyProbe(bootstrap, communities, suffix, sqlDirectory);
            boolean first = true;
            for (int rate : rates) {
                WarningLatencyProbe.Result result = probe.run(rate, latencyRun, Duration.ofSeconds(90), first ? trinoUrl : null, schemas, live.starts());
                Percentiles w = result.warnings();
                String at = String.format("%,d", rate) + "/s";
                table.add("warning latency @ " + at + " p50 / p99 / max", w.count() == 0 ? "none seen"
                        : String.format("%,d / %,d / %,d ms", w.p50(), w.p99(), w.max()), "p99 < 1 s", w.count() > 0 && w.p99() < 1000,
                        String.format("%d of %d R1 incidents warned; producer send -> plain consumer of %s; sent %,d in %.1f s (%s)", w.count(),
                                result.incidents(), Topics.WARNINGS, result.sent(), result.sendSeconds(), rate(result.sent() / result.sendSeconds())));
                long ingestLag = result.lagAtEnd().get(LIVE_INGEST_JOB);
                long assessLag = result.lagAtEnd().get(LIVE_ASSESS_JOB);
                table.add("consumer lag @ " + at + " at run end, ingest / assess", String.format("%,d / %,d records", ingestLag, assessLag),
                        String.format("≤ %,d (0.1 s of input)", rate / 10), ingestLag <= rate / 10 && assessLag <= rate / 10,
                        String.format("end offsets - each Kafka source's current offsets (its currentOffset metric) when the timed run stopped sending: %.2f / %.2f s of input",
                                ingestLag / (double) rate, assessLag / (double) rate));
                if (first) {
                    Percentiles f = result.freshness();
                    long limitMillis = liveCheckpointInterval.toMillis() + 10_000;
                    table.add("Trino freshness p50 / max", f.count() == 0 ? "none seen" : String.format("%,d / %,d ms", f.p50(), f.max()),
                            "≤ " + liveCheckpointInterval.toMillis() + " ms + 10 s", f.count() > 0 && f.max() <= limitMillis,
                            String.format("%d probes: send -> row in an item_event query, checkpoint %d ms", f.count(), liveCheckpointInterval.toMillis()));
                }
                first = false;
            }
        } finally {
            stopLive(live.jobs(), work);
        }

        // 6. A year of data, maintained, and the dashboards' queries.
        step("6/6 a year of data in Trino (%d weeks) and the dashboards' queries", weeks);
        TrinoSetup.apply(catalog, trinoUrl, sqlDirectory, schemas, System.err);
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            long yearStart = System.nanoTime();
            Map<String, Long> yearRows = YearData.replicate(statement, sqlDirectory, schemas, weeks - 1);
            double buildSeconds = (System.nanoTime() - yearStart) / 1e9;
            long maintainStart = System.nanoTime();
            var maintained = TableMaintenance.run(trinoUrl, sqlDirectory, schemas, YearData.TABLES, "7d", System.err);
            double maintainSeconds = (System.nanoTime() - maintainStart) / 1e9;
            long rows = yearRows.get(GovTables.ITEM_EVENT);
            table.add("year of data: item events", String.format("%,d", rows), String.format("%d weeks; built in %.0f s, maintained in %.0f s (data files %d -> %d)",
                    weeks, buildSeconds, maintainSeconds, maintained.stream().mapToLong(TableMaintenance.Result::filesBefore).sum(),
                    maintained.stream().mapToLong(TableMaintenance.Result::filesAfter).sum()));
            LocalDate lastDay = start.plusDays(days - 1L).plusWeeks(weeks - 1L);
            Map<String, DashboardQueries.Timing> queries = DashboardQueries.time(statement, sqlDirectory, schemas, Map.of("last_day", "DATE '" + lastDay + "'"), queryRuns);
            long worst = 0;
            List<String> failed = new java.util.ArrayList<>();
            for (Map.Entry<String, DashboardQueries.Timing> query : queries.entrySet()) {
                DashboardQueries.Timing timing = query.getValue();
                if (timing.failed()) {
                    failed.add(query.getKey());
                    table.add("query " + query.getKey() + " p50 / p95", "FAILED", "p95 < 2 s", false, timing.failure());
                    continue;
                }
                Percentiles p = timing.latencies();
                worst = Math.max(worst, p.p95());
                table.add("query " + query.getKey() + " p50 / p95", String.format("%,d / %,d ms", p.p50(), p.p95()), "p95 < 2 s", p.p95() < 2000,
                        queryRuns + " runs after a warm-up");
            }
            table.add("dashboard queries, worst p95", failed.isEmpty() ? String.format("%,d ms", worst) : failed.size() + " FAILED", "p95 < 2 s",
                    failed.isEmpty() && worst < 2000, queries.size() + " queries of sql/bench/queries" + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed)));
            if (!failed.isEmpty()) {
                failure = new IllegalStateException("dashboard queries failed over the year of data: " + String.join(", ", failed));
            }
        }
        return failure;
    }

    /** The run's checkpoints: of no use once the jobs are gone. */
    private static void deleteTree(Path directory) throws java.io.IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void describeMachine(BenchTable table) throws Exception {
        table.machine("machine", Runtime.getRuntime().availableProcessors() + " cores, " + memory() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", bench JVM heap max "
                + mib(Runtime.getRuntime().maxMemory()));
        table.machine("run", String.format("%d day(s) from %s at scale %s (seed %d), %d weeks for queries, rates %s, live checkpoints %d ms",
                days, start, scale, seed, weeks, rates, liveCheckpointInterval.toMillis()));
        table.machine("services", "Kafka at " + bootstrap + ", Trino at " + trinoUrl + ", jobs on a Flink MiniCluster in this JVM");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format("%.1f GiB RAM", kib / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            // not Linux: leave it out
        }
        return "RAM unknown";
    }

    /** The live jobs and where each started reading, by job name. */
    private record LiveJobs(List<JobClient> jobs, Map<String, Map<TopicPartition, Long>> starts) {}

    private LiveJobs startLive(String namespace, Path work) throws Exception {
        Map<TopicPartition, Long> feeds = KafkaParts.endOffsets(bootstrap, Topics.FEEDS);
        Map<TopicPartition, Long> items = KafkaParts.endOffsets(bootstrap, List.of(Topics.ITEMS));
        JobSettings ingest = JobSettings.builder().bootstrapServers(bootstrap).groupId(LIVE_INGEST_GROUP + namespace).catalog(catalog)
                .namespace(namespace).piiKey(BENCH_PII_KEY).parallelism(2).checkpointInterval(liveCheckpointInterval)
                .checkpointDirectory(work.resolve("ingest-live").toUri().toString()).startingOffsets(feeds).build();
        JobSettings assess = JobSettings.builder().bootstrapServers(bootstrap).groupId(LIVE_ASSESS_GROUP + namespace).catalog(catalog)
                .namespace(namespace).parallelism(2).checkpointInterval(liveCheckpointInterval)
                .checkpointDirectory(work.resolve("assess-live").toUri().toString()).startingOffsets(items).build();
        // The rules file as it is: rules judge on arrival, the watermark bound only delays clearing.
        AssessmentRules liveRules = AssessmentRules.loadDefault();
        org.apache.flink.configuration.Configuration ingestConf = ingest.flinkConfiguration();
        SourcePositions.report(ingestConf);
        StreamExecutionEnvironment ingestEnv = StreamExecutionEnvironment.getExecutionEnvironment(ingestConf);
        IngestJob.build(ingestEnv, ingest);
        JobClient ingestJob = ingestEnv.executeAsync(LIVE_INGEST_JOB);
        org.apache.flink.configuration.Configuration assessConf = assess.flinkConfiguration();
        SourcePositions.report(assessConf);
        StreamExecutionEnvironment assessEnv = StreamExecutionEnvironment.getExecutionEnvironment(assessConf);
        AssessJob.build(assessEnv, assess, liveRules);
        return new LiveJobs(List.of(ingestJob, assessEnv.executeAsync(LIVE_ASSESS_JOB)), Map.of(LIVE_INGEST_JOB, feeds, LIVE_ASSESS_JOB, items));
    }

    /**
     * Stops the live jobs with a savepoint, not a cancel: the final checkpoint commits their Kafka
     * transactions. A cancelled job leaves its last transaction open until it times out (15 min),
     * and read_committed readers of gov.items.v1 and gov.warnings.v1 (a bounded job) wait for it.
     */
    private static void stopLive(List<JobClient> live, Path work) throws Exception {
        for (JobClient job : live) {
            try {
                job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (Exception e) {
                step("could not stop a live job with a savepoint (%s); cancelling it", e.getMessage());
                job.cancel().get();
            }
        }
    }

    private void drop(Schemas schemas) {
        try {
            TrinoSetup.remove(catalog, trinoUrl, schemas);
        } catch (Exception e) {
            step("could not drop the benchmark's views and tables: %s", e.getMessage());
        }
    }

    private static String rate(double perSecond) {
        return String.format("%,.0f /s", perSecond);
    }

    private static String percent(double share) {
        return String.format("%.0f %%", 100 * share);
    }

    private static String mib(long bytes) {
        return String.format("%,d MiB", bytes >> 20);
    }

    private static void step(String format, Object... args) {
        System.err.printf("bench: " + format + "%n", args);
    }

    /** Settings of a run. */
    public static final class Builder {
        private String bootstrap;
        private CatalogSettings catalog;
        private String trinoUrl;
        private Path sqlDirectory;
        private long seed;
        private LocalDate start;
        private int days = 7;
        private double scale = 2.5;
        private int weeks = 52;
        private List<Integer> rates = List.of(1000, 10000);
        private Duration latencyRun = Duration.ofSeconds(30);
        private Duration liveCheckpointInterval = Duration.ofSeconds(1);
        private int queryRuns = 5;
        private boolean keep;
        private boolean ingestOnly;

        public Builder bootstrap(String value) { this.bootstrap = value; return this; }
        public Builder catalog(CatalogSettings value) { this.catalog = value; return this; }
        public Builder trinoUrl(String value) { this.trinoUrl = value; return this; }
        public Builder sqlDirectory(Path value) { this.sqlDirectory = value; return this; }
        public Builder seed(long value) { this.seed = value; return this; }
        public Builder start(LocalDate value) { this.start = value; return this; }
        public Builder days(int value) { this.days = value; return this; }
        public Builder scale(double value) { this.scale = value; return this; }
        public Builder weeks(int value) { this.weeks = value; return this; }
        public Builder rates(List<Integer> value) { this.rates = List.copyOf(value); return this; }
        public Builder latencyRun(Duration value) { this.latencyRun = value; return this; }
        public Builder liveCheckpointInterval(Duration value) { this.liveCheckpointInterval = value; return this; }
        public Builder queryRuns(int value) { this.queryRuns = value; return this; }
        public Builder keep(boolean value) { this.keep = value; return this; }
        /** Only the events, the limit and ingest (phases 1-3): for iterating on the ingest job. */
        public Builder ingestOnly(boolean value) { this.ingestOnly = value; return this; }

        public Bench build() {
            if (days < 1 || weeks < 1 || queryRuns < 1 || rates.isEmpty()) {
                throw new IllegalArgumentException("days, weeks, query runs must be at least 1 and at least one rate given");
            }
            return new Bench(this);
        }
    }
}
