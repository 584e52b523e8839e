package cn.dalian.governance.superset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.sql.Trino;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalSuperset;
import cn.dalian.governance.testing.LocalTrino;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leaders' dashboards in the real Superset, reading the real Trino: the assets of dashboards/
 * import twice without duplicates; every chart's data, asked of Superset's chart-data API, has rows,
 * and they are the rows the same query gives run directly on Trino; a few headline numbers equal
 * Trino queries written here from the curated tables; the leader sees the dashboards and nothing else.
 */
class SupersetDashboardsIT {
    private static DashboardAssets assets;
    private static String supersetUrl;
    private static String trinoUrl;
    private static SupersetApi admin;

    @BeforeAll
    static void dataAndAssets() throws Exception {
        assets = DashboardAssets.load(LocalKafka.repoRoot().resolve("dashboards"));
        trinoUrl = LocalTrino.url();
        supersetUrl = LocalSuperset.url();
        PlatformData.ensure(trinoUrl, assets);
        admin = new SupersetApi(supersetUrl, "admin", LocalSuperset.password("admin"));
        admin.importAssets(bundle()).ok("import of dashboards/");
    }

    /** The bundle with the Trino connection of this run, as user superset (group dashboard). */
    private static byte[] bundle() {
        URI trino = URI.create(trinoUrl);
        return assets.zip("trino://superset@" + trino.getHost() + ":" + trino.getPort() + "/iceberg");
    }

    @Test
    void importingTheAssetsTwiceCreatesNoDuplicates() throws Exception {
        Map<String, Integer> before = counts();
        admin.importAssets(bundle()).ok("second import");
        Map<String, Integer> after = counts();
        assertEquals(before, after, "objects per kind after importing again");
        for (String resource : List.of("dashboard", "chart", "dataset", "database")) {
            Map<String, Integer> perUuid = new HashMap<>();
            for (JsonNode object : admin.list(resource, "uuid")) {
                perUuid.merge(object.path("uuid").asText(), 1, Integer::sum);
            }
            List<String> expected = switch (resource) {
                case "dashboard" -> assets.dashboards().stream().map(DashboardAssets.Dashboard::uuid).toList();
                case "chart" -> assets.charts().stream().map(DashboardAssets.Chart::uuid).toList();
                case "dataset" -> assets.datasets().stream().map(DashboardAssets.Dataset::uuid).toList();
                default -> assets.databaseUuids();
            };
            for (String uuid : expected) {
                assertEquals(1, perUuid.getOrDefault(uuid, 0), resource + " " + uuid + " present exactly once");
            }
        }
        // The import keeps the dashboards visible to the leader role.
        assertEquals(assets.dashboardUuids(), leaderDashboards(), "dashboards the leader sees after re-import");
    }

    @Test
    void everyChartReturnsRowsAndTheyAreWhatTrinoReturnsForTheSameQuery() throws Exception {
        Map<String, Integer> datasetIds = ids("dataset");
        Map<String, Integer> chartIds = ids("chart");
        List<String> failures = new ArrayList<>();
        for (DashboardAssets.Chart chart : assets.charts()) {
            int datasetId = datasetIds.get(chart.dataset().uuid());
            String mismatch = null;
            for (int attempt = 1; attempt <= 3; attempt++) { // the jobs may commit between the two reads: read again
                JsonNode result = admin.post("/api/v1/chart/data", ChartQueries.queryContext(chart, datasetId, "full", null, null))
                        .ok("chart data of " + chart.name()).path("result").get(0);
                List<String> columns = new ArrayList<>();
                result.path("colnames").forEach(c -> columns.add(c.asText()));
                List<List<Object>> rows = new ArrayList<>();
                result.path("data").forEach(row -> rows.add(columns.stream().map(c -> normalise(row.path(c))).toList()));
                if (rows.isEmpty()) {
                    mismatch = "no rows";
                    continue;
                }
                String sql = admin.post("/api/v1/chart/data", ChartQueries.queryContext(chart, datasetId, "query", null, null))
                        .ok("query of " + chart.name()).path("result").get(0).path("query").asText();
                Map<List<Object>, Integer> trino = trinoRows(sql.replaceAll("(?is)\\s+LIMIT\\s+\\d+\\s*;?\\s*$", ""), columns);
                mismatch = null;
                for (List<Object> row : rows) {
                    if (trino.merge(row, -1, Integer::sum) < 0) {
                        mismatch = "row " + row + " of the chart-data API is not in Trino's result of " + sql;
                        break;
                    }
                }
                if (mismatch == null) {
                    break;
                }
            }
            if (mismatch != null) {
                failures.add(chart.name() + ": " + mismatch);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + assets.charts().size() + " charts: " + String.join("\n", failures));
    }

    @Test
    void headlineNumbersEqualTrinoQueriesOverTheCuratedTables() throws Exception {
        // Written here from gov's tables, not from the views the charts read.
        assertNumber("streets_by_band", "streets", true,
                "SELECT count(DISTINCT area_code) FROM iceberg.gov.stability_hourly WHERE area_level = 'STREET'");
        assertNumber("hotline_cases", "cases", true,
                "SELECT count(*) FROM iceberg.gov.item_event WHERE source = 'HOTLINE' AND previous_state IS NULL");
        assertNumber("lifecycle_funnel", "items", false,
                "SELECT count(DISTINCT item_id) FROM iceberg.gov.item_event WHERE source = 'GRID' AND state = 'COLLECTED'");
        assertNumber("open_warnings_total", "warnings", true, """
                SELECT count(*) FROM (
                    SELECT warning_id, max_by(status, (changed_at, CASE status WHEN 'CLEARED' THEN 2 WHEN 'UPDATED' THEN 1 ELSE 0 END)) AS status
                    FROM iceberg.gov.warning GROUP BY warning_id)
                WHERE status <> 'CLEARED'""");
    }

    @Test
    void theLeaderSeesTheDashboardsAndNothingElse() throws Exception {
        assertEquals(assets.dashboardUuids(), leaderDashboards(), "dashboards the leader sees");
        SupersetApi leader = new SupersetApi(supersetUrl, "leader", LocalSuperset.password("leader"));
        for (String path : List.of("/api/v1/dataset/", "/api/v1/database/", "/api/v1/query/", "/api/v1/saved_query/", "/api/v1/security/roles/")) {
            assertEquals(403, leader.get(path).status(), "leader on " + path);
        }
        DashboardAssets.Dashboard dashboard = assets.dashboards().get(0);
        DashboardAssets.Chart chart = dashboard.charts().get(0);
        int datasetId = ids("dataset").get(chart.dataset().uuid());
        int chartId = ids("chart").get(chart.uuid());
        int dashboardId = ids("dashboard").get(dashboard.uuid());
        SupersetApi.Response onDashboard = leader.post("/api/v1/chart/data", ChartQueries.queryContext(chart, datasetId, "full", dashboardId, chartId));
        assertEquals(200, onDashboard.status(), "the leader reads a chart on its dashboard: " + onDashboard.body());
        assertTrue(onDashboard.body().path("result").get(0).path("rowcount").asInt() > 0);
        assertEquals(403, leader.post("/api/v1/chart/data", ChartQueries.queryContext(chart, datasetId, "full", null, null)).status(),
                "the leader reads no dataset outside a dashboard");
        assertEquals(403, leader.get("/api/v1/sqllab/").status(), "no SQL Lab for the leader");
    }

    private void assertNumber(String chartKey, String metric, boolean whole, String trinoSql) throws Exception {
        DashboardAssets.Chart chart = assets.charts().stream().filter(c -> c.uuid().equals(uuidOf(chartKey))).findFirst().orElseThrow();
        int datasetId = ids("dataset").get(chart.dataset().uuid());
        for (int attempt = 1; ; attempt++) {
            JsonNode data = admin.post("/api/v1/chart/data", ChartQueries.queryContext(chart, datasetId, "full", null, null))
                    .ok("chart data of " + chart.name()).path("result").get(0).path("data");
            // whole: the sum over the chart's rows; else its largest value (the funnel's first stage).
            double shown = 0;
            for (JsonNode row : data) {
                shown = whole ? shown + row.path(metric).asDouble() : Math.max(shown, row.path(metric).asDouble());
            }
            double expected;
            try (Connection connection = Trino.connect(trinoUrl, "analyst"); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(trinoSql)) {
                rows.next();
                expected = rows.getDouble(1);
            }
            if (expected == shown || attempt == 3) {
                assertTrue(expected > 0, chart.name() + ": Trino finds nothing for " + trinoSql);
                assertEquals(expected, shown, chart.name() + " (" + metric + ") against " + trinoSql);
                return;
            }
        }
    }

    private static String uuidOf(String chartKey) {
        // The chart files are named by their key: dashboards/charts/<key>.yaml.
        try {
            return DashboardAssets.YAML.readTree(LocalKafka.repoRoot().resolve("dashboards/charts/" + chartKey + ".yaml").toFile()).path("uuid").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.Set<String> leaderDashboards() throws Exception {
        SupersetApi leader = new SupersetApi(supersetUrl, "leader", LocalSuperset.password("leader"));
        java.util.Set<String> uuids = new java.util.TreeSet<>();
        leader.list("dashboard", "uuid").forEach(d -> uuids.add(d.path("uuid").asText()));
        return new java.util.HashSet<>(uuids);
    }

    private static Map<String, Integer> counts() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (String resource : List.of("dashboard", "chart", "dataset", "database")) {
            counts.put(resource, admin.list(resource, "id").size());
        }
        return counts;
    }

    private static Map<String, Integer> ids(String resource) throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        for (JsonNode object : admin.list(resource, "id", "uuid")) {
            ids.put(object.path("uuid").asText(), object.path("id").asInt());
        }
        return ids;
    }

    /** The rows of {@code sql} run on Trino as Superset's user, each normalised as the chart-data API's, counted. */
    private static Map<List<Object>, Integer> trinoRows(String sql, List<String> columns) throws SQLException {
        Map<List<Object>, Integer> rows = new HashMap<>();
        try (Connection connection = Trino.connect(trinoUrl, "superset"); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                index.put(meta.getColumnLabel(i), i);
            }
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (String column : columns) {
                    // Superset aliases a metric named like a column with a suffix (mean_score AS mean_score__).
                    Integer i = index.containsKey(column) ? index.get(column) : index.get(column + "__");
                    if (i == null) {
                        throw new AssertionError("Trino's result has no column " + column + " (has " + index.keySet() + "): " + sql);
                    }
                    row.add(normalise(result, i, meta.getColumnType(i)));
                }
                rows.merge(row, 1, Integer::sum);
            }
        }
        return rows;
    }

    /** A value of the chart-data API's JSON: numbers to 10 significant digits, timestamps are epoch milliseconds. */
    private static Object normalise(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return number(value.asDouble());
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.asText();
    }

    private static Object normalise(ResultSet result, int i, int type) throws SQLException {
        Object value = switch (type) {
            case Types.DATE -> {
                LocalDate date = result.getObject(i, LocalDate.class);
                yield date == null ? null : number(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            }
            case Types.TIMESTAMP -> {
                LocalDateTime time = result.getObject(i, LocalDateTime.class);
                yield time == null ? null : number(time.toInstant(ZoneOffset.UTC).toEpochMilli());
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                java.sql.Timestamp time = result.getTimestamp(i); // an instant
                yield time == null ? null : number(time.toInstant().toEpochMilli());
            }
            case Types.BOOLEAN -> result.getObject(i);
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> {
                Object number = result.getObject(i);
                yield number == null ? null : number(((Number) number).doubleValue());
            }
            default -> result.getString(i);
        };
        return value;
    }

    private static BigDecimal number(double value) {
        return new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros();
    }
}
