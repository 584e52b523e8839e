package cn.dalian.governance.bench;

import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.SqlScript;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trino latency of the dashboards' queries (sql/bench/queries/, one per file): one warm-up run, then {@code runs} timed runs each. */
final class DashboardQueries {
    private DashboardQueries() {}

    /** The latencies of one query, or why it failed (then the other queries are still timed). */
    record Timing(Percentiles latencies, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    static Map<String, Timing> time(Statement statement, Path sqlDirectory, Schemas schemas, Map<String, String> values, int runs) throws Exception {
        Map<String, Timing> timings = new LinkedHashMap<>();
        for (SqlScript script : SqlScript.readAll(sqlDirectory.resolve("bench").resolve("queries"))) {
            String sql = script.statements(values, schemas).get(0);
            List<Long> millis = new ArrayList<>();
            try {
                for (int run = 0; run <= runs; run++) {
                    long started = System.nanoTime();
                    try (ResultSet rows = statement.executeQuery(sql)) {
                        while (rows.next()) {
                            // read every row, as a chart would
                        }
                    }
                    if (run > 0) {
                        millis.add((System.nanoTime() - started) / 1_000_000);
                    }
                }
            } catch (SQLException e) {
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                timings.put(script.name(), new Timing(null, reason));
                System.err.printf("bench: query %s FAILED: %s%n", script.name(), reason);
                continue;
            }
            Percentiles latencies = Percentiles.of(millis);
            timings.put(script.name(), new Timing(latencies, null));
            System.err.printf("bench: query %s p50 %d ms%n", script.name(), latencies.p50());
        }
        return timings;
    }
}
