package cn.dalian.governance.superset;

import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.Trino;
import cn.dalian.governance.sql.TrinoSetup;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.replay.BoundedReplay;
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
        BoundedReplay.Mark mark = BoundedReplay.Mark.now(bootstrap);
        if (PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "61", "--start", "2026-10-01",
                "--scale", "0.2", "--report", temp.resolve("report.json").toString()) != 0) {
            throw new IllegalStateException("simulate failed");
        }
        BoundedReplay.builder().bootstrap(bootstrap).catalog(catalog).namespace(Schemas.PLATFORM.gov()).intoPlatformNamespace()
                .piiKey(("pseudonymisation key of " + run).getBytes(StandardCharsets.UTF_8)).checkpointInterval(Duration.ofSeconds(2))
                .workDirectory(temp).build().run(mark);
    }
}
