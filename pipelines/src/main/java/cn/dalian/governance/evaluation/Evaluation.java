package cn.dalian.governance.evaluation;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.SqlScript;
import cn.dalian.governance.sql.Trino;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The periodic evaluation (DESIGN section 8) through Trino as user {@code platform}: the rows of
 * {@code sql/evaluation/eval_score.sql} and {@code eval_topic.sql} for one period replace that period's rows
 * of gov.eval_score and gov.eval_topic, each table in one MERGE commit ({@code sql/evaluation/replace.sql}).
 */
public final class Evaluation {
    /** The tables written, each with the file of its rows. */
    private static final Map<String, String> ROWS = Map.of(GovTables.EVAL_SCORE, "eval_score.sql", GovTables.EVAL_TOPIC, "eval_topic.sql");

    /** What one run wrote: rows of the period per area level in eval_score, hot-topic rows, seconds. */
    public record Result(EvaluationPeriod period, Map<String, Long> areasByLevel, long topicRows, long hotTopics, double seconds) {
        public Result {
            requireNonNull(period, "period");
            areasByLevel = Map.copyOf(areasByLevel);
        }
    }

    private Evaluation() {}

    /** Evaluates {@code period}: replaces its rows of eval_score and eval_topic in schema {@code schemas.gov()}. */
    public static Result run(String trinoUrl, Path sqlDirectory, Schemas schemas, EvaluationPeriod period, EvaluationConfig config, Instant evaluatedAt,
            PrintStream log) throws SQLException {
        long started = System.nanoTime();
        Map<String, String> values = values(period, config, evaluatedAt);
        Path directory = sqlDirectory.resolve("evaluation");
        SqlScript replace = SqlScript.read(directory.resolve("replace.sql"));
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            for (String table : List.of(GovTables.EVAL_SCORE, GovTables.EVAL_TOPIC)) {
                long tableStarted = System.nanoTime();
                SqlScript rowsScript = SqlScript.read(directory.resolve(ROWS.get(table)));
                String rows = single(rowsScript, rowsScript.statements(values, Schemas.PLATFORM));
                Map<String, String> replaceValues = new LinkedHashMap<>(replacement(table));
                replaceValues.put("rows", rows);
                replaceValues.put("period", period.label());
                String sql = single(replace, replace.statements(replaceValues, schemas));
                log.printf("evaluate: %s: computing iceberg.%s.%s (%s)%n", period, schemas.gov(), table, rowsScript.file());
                long changed;
                try {
                    changed = statement.executeLargeUpdate(sql);
                } catch (SQLException e) {
                    throw new SQLException(rowsScript.file() + " in " + replace.file() + ": " + e.getMessage(), e);
                }
                log.printf("evaluate: %s: iceberg.%s.%s replaced in one commit (%d rows deleted or inserted, %.1f s)%n", period, schemas.gov(), table, changed,
                        (System.nanoTime() - tableStarted) / 1e9);
            }
            Map<String, Long> levels = new LinkedHashMap<>();
            try (ResultSet result = statement.executeQuery("SELECT area_level, count(*) FROM iceberg." + schemas.gov() + "." + GovTables.EVAL_SCORE
                    + " WHERE period = '" + period.label() + "' GROUP BY area_level ORDER BY count(*)")) {
                while (result.next()) {
                    levels.put(result.getString(1), result.getLong(2));
                }
            }
            long topics;
            long hot;
            try (ResultSet result = statement.executeQuery("SELECT count(*), count_if(hot) FROM iceberg." + schemas.gov() + "." + GovTables.EVAL_TOPIC
                    + " WHERE period = '" + period.label() + "'")) {
                result.next();
                topics = result.getLong(1);
                hot = result.getLong(2);
            }
            return new Result(period, levels, topics, hot, (System.nanoTime() - started) / 1e9);
        }
    }

    /** Every placeholder value of sql/evaluation for {@code period}: its bounds, rating periods, the configuration. */
    public static Map<String, String> values(EvaluationPeriod period, EvaluationConfig config, Instant evaluatedAt) {
        Map<String, String> values = new LinkedHashMap<>(config.sqlValues());
        values.put("period", period.label());
        values.put("period_kind", period.kind().name());
        values.put("period_start", EvaluationPeriod.sqlTimestamp(period.start()));
        values.put("period_end", EvaluationPeriod.sqlTimestamp(period.end()));
        values.put("previous_start", EvaluationPeriod.sqlTimestamp(period.previous().start()));
        values.put("lookback_start", EvaluationPeriod.sqlTimestamp(period.firstDay().minusDays(config.repeatWindowDays()).atStartOfDay(EvaluationPeriod.CITY).toInstant()));
        values.put("rating_periods", period.ratingPeriods().stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ")));
        values.put("evaluated_at", EvaluationPeriod.sqlTimestamp(evaluatedAt));
        return values;
    }

    /** The table-specific values of replace.sql, from the table's one definition. */
    private static Map<String, String> replacement(String table) {
        Schema schema = GovTables.schema(table);
        List<String> columns = schema.columns().stream().map(NestedField::name).map(Evaluation::quoted).toList();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("table", table);
        values.put("columns", String.join(", ", columns));
        values.put("source_columns", columns.stream().map(column -> "s." + column).collect(Collectors.joining(", ")));
        values.put("key_match", schema.identifierFieldNames().stream().sorted().map(Evaluation::quoted).map(column -> "t." + column + " = s." + column)
                .collect(Collectors.joining(" AND ")));
        return values;
    }

    private static String quoted(String column) {
        return '"' + column + '"';
    }

    private static String single(SqlScript script, List<String> statements) {
        if (statements.size() != 1) {
            throw new IllegalStateException(script.file() + " must hold one statement, it holds " + statements.size());
        }
        return statements.get(0);
    }
}
