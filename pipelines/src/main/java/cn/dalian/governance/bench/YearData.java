package cn.dalian.governance.bench;

import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.SqlScript;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

/**
 * A year of city data for the query benchmark, made in Trino from the week the jobs wrote: the
 * tables the dashboards read get {@code weeks} shifted copies of that week (sql/bench/replicate_weeks.sql).
 */
final class YearData {
    /** The tables the dashboards' views read. */
    static final List<String> TABLES = List.of(GovTables.ITEM_EVENT, GovTables.ITEM_CURRENT, GovTables.WARNING, GovTables.AREA_HOURLY, GovTables.STABILITY_HOURLY);
    /** String columns that identify a row or an item: suffixed per copy so they stay unique. */
    /** One week is 7 days x 10 districts = 70 partitions of item_event (day, district): Trino writes at most 100 per statement. */
    private static final int WEEKS_PER_STATEMENT = 1;
    private static final Set<String> IDS = Set.of("event_id", "item_id", "warning_id");

    private YearData() {}

    /** Adds the copies table by table; returns the seconds each took. */
    static Map<String, Double> replicate(Statement statement, Path sqlDirectory, Schemas schemas, int weeks) throws Exception {
        SqlScript script = SqlScript.read(sqlDirectory.resolve("bench").resolve("replicate_weeks.sql"));
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        for (String table : TABLES) {
            List<String> columns = new ArrayList<>();
            List<String> shifted = new ArrayList<>();
            for (NestedField field : GovTables.schema(table).columns()) {
                String name = field.name();
                columns.add(name);
                if (field.type().typeId() == Type.TypeID.TIMESTAMP) {
                    shifted.add("date_add('day', 7 * w, " + name + ")");
                } else if (IDS.contains(name)) {
                    shifted.add(name + " || '~' || CAST(w AS varchar)");
                } else {
                    shifted.add(name);
                }
            }
            long started = System.nanoTime();
            for (int first = 1; first <= weeks; first += WEEKS_PER_STATEMENT) {
                int last = Math.min(weeks, first + WEEKS_PER_STATEMENT - 1);
                for (String sql : script.statements(Map.of("table", table, "columns", String.join(", ", columns),
                        "shifted", String.join(", ", shifted), "first", String.valueOf(first), "last", String.valueOf(last)), schemas)) {
                    statement.execute(sql);
                }
            }
            seconds.put(table, (System.nanoTime() - started) / 1e9);
            System.err.printf("bench: %s: %d weeks added in %.0f s%n", table, weeks, seconds.get(table));
        }
        return seconds;
    }
}
