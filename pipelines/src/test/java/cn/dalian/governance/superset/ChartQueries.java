package cn.dalian.governance.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The query context of {@code POST /api/v1/chart/data} for a chart, built from its saved form data
 * (params) the way Superset's frontend builds it for the chart types of dashboards/: columns (the x
 * axis, with its time grain when temporal, then the group-by or raw columns), metrics, adhoc filters,
 * ordering and row limit. Imported charts carry no saved query context.
 */
final class ChartQueries {
    private ChartQueries() {}

    /**
     * @param dashboardId with {@code sliceId}, the dashboard the chart is viewed on (a leader may read a
     *     chart's data only through a dashboard that shows it); null for a plain request
     */
    static ObjectNode queryContext(DashboardAssets.Chart chart, int datasetId, String resultType, Integer dashboardId, Integer sliceId) {
        JsonNode params = chart.params();
        ObjectNode query = SupersetApi.JSON.createObjectNode();
        ArrayNode columns = query.putArray("columns");
        Set<String> named = new LinkedHashSet<>();
        String xAxis = params.path("x_axis").asText(null);
        if (xAxis != null) {
            if (chart.dataset().temporalColumns().contains(xAxis)) {
                columns.addObject().put("timeGrain", params.path("time_grain_sqla").asText("P1D")).put("columnType", "BASE_AXIS")
                        .put("sqlExpression", xAxis).put("label", xAxis).put("expressionType", "SQL");
            } else {
                named.add(xAxis);
            }
        }
        params.path("groupby").forEach(column -> named.add(column.asText()));
        params.path("all_columns").forEach(column -> named.add(column.asText()));
        named.forEach(columns::add);

        List<String> metrics = new ArrayList<>();
        params.path("metrics").forEach(metric -> metrics.add(metric.asText()));
        if (params.hasNonNull("metric")) {
            metrics.add(params.path("metric").asText());
        }
        if (!metrics.isEmpty()) { // none at all for a raw table (an empty list would group by every column)
            ArrayNode metricsNode = query.putArray("metrics");
            metrics.forEach(metricsNode::add);
        }

        ArrayNode filters = query.putArray("filters");
        List<String> where = new ArrayList<>();
        for (JsonNode filter : params.path("adhoc_filters")) {
            if ("SIMPLE".equals(filter.path("expressionType").asText())) {
                ObjectNode f = filters.addObject().put("col", filter.path("subject").asText()).put("op", filter.path("operator").asText());
                if (filter.has("comparator")) {
                    f.set("val", filter.path("comparator"));
                }
            } else {
                where.add("(" + filter.path("sqlExpression").asText() + ")");
            }
        }
        query.putObject("extras").put("where", String.join(" AND ", where));

        ArrayNode orderby = query.putArray("orderby");
        for (JsonNode order : params.path("order_by_cols")) {
            try {
                orderby.add(SupersetApi.JSON.readTree(order.asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(chart.name() + ": order_by_cols " + order, e);
            }
        }
        if (params.hasNonNull("timeseries_limit_metric")) {
            orderby.addArray().add(params.path("timeseries_limit_metric").asText()).add(!params.path("order_desc").asBoolean(true));
        }
        if (params.hasNonNull("x_axis_sort")) {
            orderby.addArray().add(params.path("x_axis_sort").asText()).add(params.path("x_axis_sort_asc").asBoolean(true));
        }
        if (params.path("sort_by_metric").asBoolean(false) && !metrics.isEmpty()) {
            orderby.addArray().add(metrics.get(0)).add(false);
        }
        query.put("row_limit", params.path("row_limit").asInt(10000));
        query.put("time_range", params.path("time_range").asText("No filter"));

        ObjectNode context = SupersetApi.JSON.createObjectNode();
        context.putObject("datasource").put("id", datasetId).put("type", "table");
        context.put("force", true).put("result_format", "json").put("result_type", resultType);
        context.putArray("queries").add(query);
        ObjectNode formData = params.deepCopy();
        formData.put("datasource", datasetId + "__table").put("viz_type", chart.vizType());
        if (dashboardId != null) {
            formData.put("dashboardId", dashboardId).put("slice_id", sliceId);
        }
        context.set("form_data", formData);
        return context;
    }
}
