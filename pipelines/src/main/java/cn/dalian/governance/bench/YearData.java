package cn.dalian.governance.bench;

import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.SqlScript;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

/**
 * A year of city data for the query benchmark, made in Trino from the week the jobs wrote: the
 * tables the dashboards read get {@code copies} shifted copies of that week (sql/bench/replicate_weeks.sql),
 * each read from the table as it stood before the first copy. Every week but the last stands for a past
 * week: the warnings still open at its end are cleared (sql/bench/clear_carried_warnings.sql).
 */
final class YearData {
    /** The tables the dashboards' views read. */
    static final List<String> TABLES = List.of(GovTables.ITEM_EVENT, GovTables.ITEM_CURRENT, GovTables.WARNING, GovTables.AREA_HOURLY, GovTables.STABILITY_HOURLY);
    /** String columns that identify a row or an item: suffixed per copy so they stay unique. */
    private static final Set<String> IDS = Set.of("event_id", "item_id", "warning_id");
    private static final DateTimeFormatter TRINO_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

    private YearData() {}

    /**
     * Adds the copies table by table and checks each table then holds exactly {@code copies + 1} times its
     * rows; returns the rows of each table afterwards.
     */
    static Map<String, Long> replicate(Statement statement, Path sqlDirectory, Schemas schemas, int copies) throws Exception {
        SqlScript replicate = SqlScript.read(sqlDirectory.resolve("bench").resolve("replicate_weeks.sql"));
        SqlScript count = SqlScript.read(sqlDirectory.resolve("bench").resolve("count_rows.sql"));
        Thread.sleep(1000); // the jobs' last commits lie strictly before the instant the copies read at
        String asOf = "TIMESTAMP '" + TRINO_TIMESTAMP.format(Instant.now()) + "'";
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            String columns = String.join(", ", columnNames(table));
            long week = count(statement, count, Map.of("table", table), schemas);
            long started = System.nanoTime();
            for (int copy = 1; copy <= copies; copy++) {
                for (String sql : replicate.statements(Map.of("table", table, "columns", columns,
                        "shifted", shiftedColumns(table, copy), "week", String.valueOf(copy), "as_of", asOf), schemas)) {
                    statement.execute(sql);
                }
                if (copy % 10 == 0 || copy == copies) {
                    System.err.printf("bench: %s: %d of %d copies of %,d rows added (%.0f s)%n", table, copy, copies, week, (System.nanoTime() - started) / 1e9);
                }
            }
            long expected = week * (copies + 1);
            if (table.equals(GovTables.WARNING)) {
                expected += clearCarriedWarnings(statement, sqlDirectory, schemas, copies, asOf) * copies;
            }
            long total = count(statement, count, Map.of("table", table), schemas);
            if (total != expected) {
                throw new IllegalStateException(table + ": " + total + " rows after " + copies + " copies of " + week + ", expected " + expected);
            }
            rows.put(table, total);
        }
        return rows;
    }

    /**
     * Clears, in the week itself and each copy but the last, the warnings still open at the end of the
     * simulated run (sql/bench/clear_carried_warnings.sql); returns how many that is per week.
     */
    private static long clearCarriedWarnings(Statement statement, Path sqlDirectory, Schemas schemas, int copies, String asOf) throws Exception {
        SqlScript clear = SqlScript.read(sqlDirectory.resolve("bench").resolve("clear_carried_warnings.sql"));
        SqlScript countOpen = SqlScript.read(sqlDirectory.resolve("bench").resolve("count_open_warnings.sql"));
        long open = count(statement, countOpen, Map.of("as_of", asOf), schemas);
        List<String> cleared = new ArrayList<>();
        for (String name : columnNames(GovTables.WARNING)) {
            cleared.add(switch (name) {
                case "status" -> "'CLEARED' AS status";
                case "changed_at" -> "e.run_end AS changed_at";
                default -> "w." + name;
            });
        }
        for (int copy = 0; copy < copies; copy++) {
            for (String sql : clear.statements(Map.of("columns", String.join(", ", columnNames(GovTables.WARNING)), "cleared", String.join(", ", cleared),
                    "shifted", shiftedColumns(GovTables.WARNING, copy), "week", String.valueOf(copy), "as_of", asOf), schemas)) {
                statement.execute(sql);
            }
        }
        System.err.printf("bench: warning: %,d warnings open at the end of the week cleared in each of the %d earlier weeks%n", open, copies);
        return open;
    }

    private static List<String> columnNames(String table) {
        List<String> names = new ArrayList<>();
        for (NestedField field : GovTables.schema(table).columns()) {
            names.add(field.name());
        }
        return names;
    }

    /** The select list of copy {@code copy} of {@code table}: every column shifted and suffixed. */
    private static String shiftedColumns(String table, int copy) {
        List<String> shifted = new ArrayList<>();
        for (NestedField field : GovTables.schema(table).columns()) {
            shifted.add(shifted(field, copy));
        }
        return String.join(", ", shifted);
    }

    /** The column moved into copy {@code copy}: as it is for copy 0, the week itself. */
    private static String shifted(NestedField field, int copy) {
        String name = field.name();
        if (copy == 0) {
            return name;
        }
        if (field.type().typeId() == Type.TypeID.TIMESTAMP) {
            return "date_add('day', " + 7 * copy + ", " + name + ") AS " + name;
        }
        if (IDS.contains(name)) {
            return name + " || '~" + copy + "' AS " + name;
        }
        return name;
    }

    private static long count(Statement statement, SqlScript count, Map<String, String> values, Schemas schemas) throws Exception {
        String sql = count.statements(values, schemas).get(0);
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
