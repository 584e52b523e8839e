package cn.dalian.governance.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.testing.LocalTrino;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;

/** {@code platform maintain} through the real Trino: small files of many commits become one, rows unchanged. */
class TableMaintenanceIT {
    @Test
    void compactsTheSmallFilesOfManyCommitsIntoOneAndKeepsEveryRow() throws Exception {
        inScratchNamespace((trinoUrl, namespace, statement) -> {
            String table = "iceberg." + namespace + "." + GovTables.EVAL_RATING;
            for (int i = 0; i < 6; i++) { // six commits, one small file each, as six checkpoints would leave
                statement.execute("INSERT INTO " + table + " VALUES ('r" + i + "', TIMESTAMP '2026-10-01 08:00:00 Asia/Shanghai', "
                        + "'210202001', '210202001001', '2026-10', 'SERVICE', " + (60 + i) + "e0)");
            }
            assertEquals(6, count(statement, "SELECT count(*) FROM iceberg." + namespace + ".\"eval_rating$files\""));
            double sum = count(statement, "SELECT sum(score) FROM " + table);

            assertEquals(0, PlatformCli.execute("maintain", "--trino-url", trinoUrl, "--namespace", namespace, "--retain", "1h", GovTables.EVAL_RATING));

            assertEquals(1, count(statement, "SELECT count(*) FROM iceberg." + namespace + ".\"eval_rating$files\""), "one file after compaction");
            assertEquals(6, count(statement, "SELECT count(*) FROM " + table), "every row kept");
            assertEquals(sum, count(statement, "SELECT sum(score) FROM " + table));
        });
    }

    @Test
    void compactsADayPartitionedTableDayByDayInWindowsAndKeepsEveryRow() throws Exception {
        inScratchNamespace((trinoUrl, namespace, statement) -> {
            String table = "iceberg." + namespace + "." + GovTables.DEAD_LETTER;
            // Ten days (two windows of compaction), three commits on each day: 30 files in 10 partitions.
            for (int commit = 0; commit < 3; commit++) {
                StringBuilder values = new StringBuilder();
                for (int day = 1; day <= 10; day++) {
                    values.append(values.isEmpty() ? "" : ", ").append("('gov.grid.events.v1', 0, ").append(commit * 100 + day)
                            .append(", NULL, 'ingest', 'UNDECODABLE', 'test', TIMESTAMP '2026-10-").append(String.format("%02d", day))
                            .append(" 12:00:00 UTC', NULL, X'00')");
                }
                statement.execute("INSERT INTO " + table + " VALUES " + values);
            }
            String files = "SELECT count(*) FROM iceberg." + namespace + ".\"dead_letter$files\"";
            assertEquals(30, count(statement, files));

            assertEquals(0, PlatformCli.execute("maintain", "--trino-url", trinoUrl, "--namespace", namespace, "--retain", "1h", GovTables.DEAD_LETTER));

            assertEquals(10, count(statement, files), "one file per day after compaction");
            assertEquals(30, count(statement, "SELECT count(*) FROM " + table), "every row kept");
            assertEquals(0, PlatformCli.execute("maintain", "--trino-url", trinoUrl, "--namespace", namespace, "--retain", "1h", GovTables.DEAD_LETTER),
                    "nothing left to compact is no error");
        });
    }

    @Test
    void aWrongRetentionOrTableIsAUsageError() {
        assertEquals(2, PlatformCli.execute("maintain", "--retain", "a week"));
        assertEquals(2, PlatformCli.execute("maintain", "no_such_table"));
    }

    private interface ScratchTest {
        void run(String trinoUrl, String namespace, Statement statement) throws Exception;
    }

    /** Runs {@code test} against the curated tables of a namespace of its own, dropped afterwards. */
    private static void inScratchNamespace(ScratchTest test) throws Exception {
        String trinoUrl = LocalTrino.url();
        CatalogSettings settings = CatalogSettings.load(LocalPostgres.catalogConfig());
        String namespace = "gov_maintain_it_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        try (JdbcCatalog catalog = GovCatalog.open(settings)) {
            GovTables.ensureAll(catalog, namespace);
            try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
                test.run(trinoUrl, namespace, statement);
            } finally {
                GovCatalog.dropNamespace(catalog, namespace);
            }
        }
    }

    private static double count(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getDouble(1);
        }
    }
}
