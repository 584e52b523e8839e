package cn.dalian.governance.superset;

import cn.dalian.governance.Topics;
import cn.dalian.governance.assess.AssessJob;
import cn.dalian.governance.assess.AssessmentRules;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.ingest.IngestJob;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.Trino;
import cn.dalian.governance.sql.TrinoSetup;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * What the dashboards read: the platform's own schemas gov, analytics and publication (the assets
 * of dashboards/ name them). The views are (re)created from sql/ as {@code infra/platform up trino}
 * does. When a dataset of the dashboards has no row (a fresh machine, as in CI), one simulated city
 * day (2026-10-01, the first of a month, so the two-way ratings are there) goes through Kafka, the
 * ingest and the assess job into gov; a platform that already holds data is read as it is. The tests
 * compare Superset with Trino at the same moment, so the data need not be known in advance.
 */
final class PlatformData {
    private static boolean ready;

    private PlatformData() {}

    static synchronized void ensure(String trinoUrl, DashboardAssets assets) throws Exception {
        if (ready) {
            return;
        }
        CatalogSettings catalog = CatalogSettings.load(LocalPostgres.catalogConfig());
        TrinoSetup.apply(catalog, trinoUrl, LocalKafka.repoRoot().resolve("sql"), Schemas.PLATFORM, System.out);
        List<String> empty = emptyDatasets(trinoUrl, assets);
        if (!empty.isEmpty()) {
            System.out.println("datasets without rows " + empty + ": loading a simulated day into gov");
            loadOneDay(catalog);
            empty = emptyDatasets(trinoUrl, assets);
            if (!empty.isEmpty()) {
                throw new IllegalStateException("datasets still without rows after a simulated day in gov: " + empty);
            }
        }
        ready = true;
    }

    private static List<String> emptyDatasets(String trinoUrl, DashboardAssets assets) throws Exception {
        List<String> empty = new ArrayList<>();
        try (Connection connection = Trino.connect(trinoUrl, "superset"); Statement statement = connection.createStatement()) {
            for (DashboardAssets.Dataset dataset : assets.datasets()) {
                try (ResultSet rows = statement.executeQuery("SELECT 1 FROM iceberg." + dataset.schema() + "." + dataset.table() + " LIMIT 1")) {
                    if (!rows.next()) {
                        empty.add(dataset.schema() + "." + dataset.table());
                    }
                }
            }
        }
        return empty;
    }

    private static void loadOneDay(CatalogSettings catalog) throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        String run = "superset-it-" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        Path temp = Files.createTempDirectory(run);
        Map<TopicPartition, Long> feeds = KafkaParts.endOffsets(bootstrap, Topics.FEEDS);
        Map<TopicPartition, Long> items = KafkaParts.endOffsets(bootstrap, List.of(Topics.ITEMS));
        if (PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "61", "--start", "2026-10-01",
                "--scale", "0.2", "--report", temp.resolve("report.json").toString()) != 0) {
            throw new IllegalStateException("simulate failed");
        }
        String gov = Schemas.PLATFORM.gov();
        JobSettings ingest = JobSettings.builder().bootstrapServers(bootstrap).groupId("gov-ingest-" + run).catalog(catalog).namespace(gov)
                .piiKey(("pseudonymisation key of " + run).getBytes(StandardCharsets.UTF_8)).parallelism(2)
                .checkpointInterval(Duration.ofSeconds(2)).checkpointDirectory(temp.resolve("ingest").toUri().toString())
                .startingOffsets(feeds).bounded(true).build();
        StreamExecutionEnvironment ingestEnv = StreamExecutionEnvironment.getExecutionEnvironment(ingest.flinkConfiguration());
        IngestJob.build(ingestEnv, ingest);
        ingestEnv.execute("ingest-for-superset-it");
        JobSettings assess = JobSettings.builder().bootstrapServers(bootstrap).groupId("gov-assess-" + run).catalog(catalog).namespace(gov)
                .parallelism(2).checkpointInterval(Duration.ofSeconds(2)).checkpointDirectory(temp.resolve("assess").toUri().toString())
                .startingOffsets(items).bounded(true).build();
        StreamExecutionEnvironment assessEnv = StreamExecutionEnvironment.getExecutionEnvironment(assess.flinkConfiguration());
        AssessJob.build(assessEnv, assess, AssessmentRules.loadDefault().withWatermarkOutOfOrderness(Duration.ofHours(26)));
        assessEnv.execute("assess-for-superset-it");
    }
}
