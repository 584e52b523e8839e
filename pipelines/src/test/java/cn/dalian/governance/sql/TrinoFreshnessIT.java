package cn.dalian.governance.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.ingest.IngestJob;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.simulator.SimulationReport;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.testing.LocalTrino;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.SavepointFormatType;
import java.util.HexFormat;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running ingest job's commits reach Trino queries within one checkpoint interval and a few seconds. */
class TrinoFreshnessIT {
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    /** "A few seconds": the checkpoint itself, the Iceberg commit, Trino's planning. */
    private static final Duration ALLOWANCE = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @Test
    void aQuerySeesTheRecordsJustSentWithinOneCheckpointIntervalAndAFewSeconds() throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        String trinoUrl = LocalTrino.url();
        CatalogSettings catalogSettings = CatalogSettings.load(LocalPostgres.catalogConfig());
        String namespace = "gov_fresh_it_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        JobSettings settings = JobSettings.builder().bootstrapServers(bootstrap).groupId("gov-ingest-" + namespace).catalog(catalogSettings)
                .namespace(namespace).piiKey("freshness-it-pseudonymisation-key".getBytes(StandardCharsets.UTF_8)).parallelism(2)
                .checkpointInterval(CHECKPOINT_INTERVAL).checkpointDirectory(temp.resolve("checkpoints").toUri().toString())
                .startingOffsets(KafkaParts.endOffsets(bootstrap, Topics.FEEDS)).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        IngestJob.build(env, settings);
        JobClient job = env.executeAsync("ingest-freshness-it");
        try (Connection connection = Trino.connect(trinoUrl, "analyst"); Statement statement = connection.createStatement()) {
            String count = "SELECT count(*) FROM iceberg." + namespace + "." + GovTables.ITEM_EVENT;
            assertEquals(0, count(statement, count), "nothing yet");
            Thread.sleep(CHECKPOINT_INTERVAL.toMillis()); // the job is up and reading

            assertEquals(0, PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "89", "--start", "2026-10-07",
                    "--scale", "0.01", "--report", temp.resolve("report.json").toString()));
            long sentAt = System.nanoTime();
            SimulationReport report = SimulationReport.read(temp.resolve("report.json"));
            long expected = report.topic(Topics.GRID_EVENTS).valid + report.topic(Topics.HOTLINE_CASES).valid + report.topic(Topics.POLICE_RISK).valid;

            long deadline = sentAt + Duration.ofMinutes(2).toNanos();
            long seen = 0;
            while (System.nanoTime() < deadline && (seen = count(statement, count)) < expected) {
                Thread.sleep(200);
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - sentAt);
            System.out.printf("TrinoFreshnessIT: %d transitions visible in Trino %d ms after the last was sent (checkpoint interval %d ms)%n",
                    seen, latency.toMillis(), CHECKPOINT_INTERVAL.toMillis());
            assertEquals(expected, seen, "every transition sent is visible");
            assertTrue(latency.compareTo(CHECKPOINT_INTERVAL.plus(ALLOWANCE)) <= 0,
                    "visible after " + latency.toMillis() + " ms, more than the checkpoint interval plus " + ALLOWANCE.toSeconds() + " s");
        } finally {
            // Not a cancel: that would leave the job's Kafka transaction on gov.items.v1 open for later read_committed readers.
            job.stopWithSavepoint(false, temp.resolve("savepoint").toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            try (JdbcCatalog catalog = GovCatalog.open(catalogSettings)) {
                GovCatalog.dropNamespace(catalog, namespace);
            }
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
