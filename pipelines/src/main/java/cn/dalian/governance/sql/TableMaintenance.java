package cn.dalian.governance.sql;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compaction and snapshot expiry of the curated tables through Trino, by the statements of
 * {@code sql/maintenance/maintain.sql}, table by table. A statement that loses a commit race against
 * a running Flink job is retried.
 */
public final class TableMaintenance {
    private static final int ATTEMPTS = 3;

    /** Data files and snapshots of one table before and after. */
    public record Result(String table, long filesBefore, long filesAfter, long snapshotsBefore, long snapshotsAfter, double seconds) {
        public Result {
            requireNonNull(table, "table");
        }
    }

    private TableMaintenance() {}

    public static List<Result> run(String trinoUrl, Path sqlDirectory, Schemas schemas, List<String> tables, String retention, PrintStream log)
            throws SQLException, InterruptedException {
        SqlScript script = SqlScript.read(sqlDirectory.resolve("maintenance").resolve("maintain.sql"));
        List<Result> results = new ArrayList<>();
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                long started = System.nanoTime();
                long files = count(statement, schemas, table, "files");
                long snapshots = count(statement, schemas, table, "snapshots");
                for (String sql : script.statements(Map.of("table", table, "retention", retention), schemas)) {
                    execute(statement, sql, log);
                }
                Result result = new Result(table, files, count(statement, schemas, table, "files"), snapshots,
                        count(statement, schemas, table, "snapshots"), (System.nanoTime() - started) / 1e9);
                log.printf("maintain: %-17s data files %5d -> %5d, snapshots %5d -> %5d (%.1f s)%n", table, result.filesBefore(),
                        result.filesAfter(), result.snapshotsBefore(), result.snapshotsAfter(), result.seconds());
                results.add(result);
            }
        }
        return results;
    }

    private static void execute(Statement statement, String sql, PrintStream log) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                if (attempt == ATTEMPTS || !String.valueOf(e.getMessage()).toLowerCase().contains("commit")) {
                    throw new SQLException(sql + ": " + e.getMessage(), e);
                }
                log.printf("maintain: commit conflict (a job committed meanwhile), retrying: %s%n", e.getMessage());
                Thread.sleep(1000L * attempt);
            }
        }
    }

    private static long count(Statement statement, Schemas schemas, String table, String metadata) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM iceberg." + schemas.gov() + ".\"" + table + "$" + metadata + "\"")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
