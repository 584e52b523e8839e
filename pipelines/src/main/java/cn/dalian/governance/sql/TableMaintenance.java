package cn.dalian.governance.sql;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.iceberg.GovTables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;

/**
 * Compaction and snapshot expiry of the curated tables through Trino, table by table: compaction by
 * {@code sql/maintenance/compact.sql} (a table partitioned by day in windows of at most
 * {@value #WINDOW_DAYS} days, only where a partition has more than one file), then the statements of
 * {@code sql/maintenance/maintain.sql}. A statement that loses a commit race against a running Flink
 * job is retried.
 */
public final class TableMaintenance {
    private static final int ATTEMPTS = 3;
    /** Days compacted by one statement: 7 days of item_event are 70 partitions (day x district), Trino writes at most 100. */
    static final int WINDOW_DAYS = 7;

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
        SqlScript compact = SqlScript.read(sqlDirectory.resolve("maintenance").resolve("compact.sql"));
        SqlScript compactDays = SqlScript.read(sqlDirectory.resolve("maintenance").resolve("compact_days.sql"));
        List<Result> results = new ArrayList<>();
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                long started = System.nanoTime();
                long files = count(statement, schemas, table, "files");
                long snapshots = count(statement, schemas, table, "snapshots");
                Optional<String> dayColumn = dayPartitionColumn(table);
                if (dayColumn.isEmpty()) {
                    execute(statement, compact.statements(Map.of("table", table, "where", ""), schemas).get(0), log);
                } else {
                    List<LocalDate> days = days(statement, compactDays.statements(Map.of("table", table, "column", dayColumn.get()), schemas).get(0));
                    for (Window window : windows(days)) {
                        String where = "WHERE " + dayColumn.get() + " >= " + utcMidnight(window.from()) + " AND " + dayColumn.get() + " < " + utcMidnight(window.until());
                        execute(statement, compact.statements(Map.of("table", table, "where", where), schemas).get(0), log);
                    }
                    if (days.size() > WINDOW_DAYS) {
                        log.printf("maintain: %s: compacted %d day(s) in windows of up to %d%n", table, days.size(), WINDOW_DAYS);
                    }
                }
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

    /** The column of the table's day partition (the day-partitioned tables: item_event, dead_letter, warning). */
    static Optional<String> dayPartitionColumn(String table) {
        PartitionSpec spec = GovTables.spec(table);
        for (PartitionField field : spec.fields()) {
            if (field.transform().toString().equals("day")) {
                return Optional.of(spec.schema().findColumnName(field.sourceId()));
            }
        }
        return Optional.empty();
    }

    /** Days [from, until) compacted by one statement. */
    record Window(LocalDate from, LocalDate until) {}

    /** {@code days} (ascending) grouped into windows spanning at most {@link #WINDOW_DAYS} calendar days each. */
    static List<Window> windows(List<LocalDate> days) {
        List<Window> windows = new ArrayList<>();
        LocalDate from = null;
        LocalDate last = null;
        for (LocalDate day : days) {
            if (from != null && !day.isBefore(from.plusDays(WINDOW_DAYS))) {
                windows.add(new Window(from, last.plusDays(1)));
                from = null;
            }
            if (from == null) {
                from = day;
            }
            last = day;
        }
        if (from != null) {
            windows.add(new Window(from, last.plusDays(1)));
        }
        return windows;
    }

    private static String utcMidnight(LocalDate day) {
        return "TIMESTAMP '" + day + " 00:00:00 UTC'";
    }

    private static List<LocalDate> days(Statement statement, String sql) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                days.add(LocalDate.parse(rows.getString(1)));
            }
        }
        return days;
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
