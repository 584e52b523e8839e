package cn.dalian.governance.publication;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The self-contained HTML report of a publication (no script, no external resource): the city's figures, bar
 * charts drawn as inline SVG (composite score of the districts and the streets, the city's matter groups against
 * the previous period), red and black lists, units below the minimum satisfaction, hot topics, the streets'
 * table and a methods section built from {@code columns.tsv} and the period's parameters. A pure function of
 * its inputs: the same rows give the same bytes.
 */
public final class HtmlReport {
    /** Bar colours by grade (the legend says which is which). */
    public static final Map<String, String> GRADE_COLOURS = Map.of("EXCELLENT", "#1b7f3b", "GOOD", "#1f6fb2", "FAIR", "#d49a00", "POOR", "#c0392b");
    static final String NO_GRADE = "#9e9e9e";
    static final String CURRENT = "#1f6fb2";
    static final String PREVIOUS = "#9fb3c8";
    private static final List<String> GRADES = List.of("EXCELLENT", "GOOD", "FAIR", "POOR");
    private static final Map<String, String> GRADE_LABELS = Map.of("EXCELLENT", "优秀 excellent", "GOOD", "良好 good", "FAIR", "一般 fair", "POOR", "较差 poor");
    private static final List<String> SUMMARY = List.of("volume", "grid_items", "hotline_cases", "police_signals", "handled_items", "closed_items",
            "completion_rate_pct", "on_time_completion_rate_pct", "on_time_feedback_rate_pct", "timely_acceptance_rate_pct", "return_rate_pct", "reopen_rate_pct", "median_handling_hours",
            "rated_cases", "satisfaction_rate_pct", "follow_up_rate_pct", "complaints", "repeat_complaint_rate_pct", "mediated_disputes", "mediation_success_rate_pct",
            "warnings_opened", "median_warning_response_minutes", "off_list_assignments", "two_way_score", "composite_score", "grade_label");
    private static final List<String> STREET_TABLE = List.of("rank_in_city", "area_code", "area_name_zh", "district_name_zh", "volume", "completion_rate_pct",
            "on_time_completion_rate_pct", "timely_acceptance_rate_pct", "satisfaction_rate_pct", "mediation_success_rate_pct", "two_way_score",
            "composite_score", "rank_in_district", "grade_label", "list_label");
    private static final List<String> LIST_TABLE = List.of("rank_in_city", "area_code", "area_name_zh", "district_name_zh", "composite_score", "grade_label",
            "satisfaction_rate_pct");
    private static final List<String> BELOW_TABLE = List.of("area_level", "area_code", "area_name_zh", "district_name_zh", "rated_cases", "satisfaction_rate_pct");
    private static final List<String> TOPIC_TABLE = List.of("area_name_zh", "growth_rank", "matter_group_zh", "items", "previous_items", "growth",
            "growth_rate_pct", "satisfaction_rate_pct");

    private HtmlReport() {}

    public static String render(String period, List<Dataset> datasets, PublishedColumns columns, int minCount) {
        Rows areas = new Rows(find(datasets, "evaluation_area"), columns, minCount);
        Rows topics = new Rows(find(datasets, "evaluation_hot_topic"), columns, minCount);
        Rows parameters = new Rows(find(datasets, "evaluation_parameters"), columns, minCount);
        List<List<Object>> city = areas.where(row -> "CITY".equals(areas.value(row, "area_level")));
        List<List<Object>> districts = ranked(areas, areas.where(row -> "DISTRICT".equals(areas.value(row, "area_level"))));
        List<List<Object>> streets = ranked(areas, areas.where(row -> "STREET".equals(areas.value(row, "area_level"))));
        String kind = city.isEmpty() ? "" : String.valueOf(areas.value(city.get(0), "period_kind"));

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>大连市基层社会治理考评 ").append(escape(period)).append(" · Dalian grassroots governance evaluation</title>\n")
                .append("<style>\n")
                .append("body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:24px auto;max-width:1100px;color:#222;line-height:1.45}\n")
                .append("h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ccc;padding-bottom:4px}\n")
                .append("table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f2f4f7}td.num{text-align:right;font-variant-numeric:tabular-nums}.sub{color:#555}.legend span{margin-right:14px}\n")
                .append(".swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}svg.chart{display:block;margin:8px 0}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>大连市基层社会治理考评结果 · ").append(escape(period)).append("</h1>\n");
        html.append("<p class=\"sub\">Dalian grassroots governance evaluation, period ").append(escape(period)).append(" (").append(escape(kind.toLowerCase(Locale.ROOT)))
                .append("), published under Art. 43–44 of the 大连市基层社会治理促进条例. Streets/townships and above only; any count below ")
                .append(minCount).append(" is shown as &lt;").append(minCount).append(". Data files: evaluation_area, evaluation_hot_topic and evaluation_parameters ")
                .append("(.csv, .json); manifest.json pins every table read to its Iceberg snapshot.</p>\n");

        html.append("<h2 id=\"summary\">全市概况 City summary</h2>\n");
        if (city.isEmpty()) {
            html.append("<p>No city row.</p>\n");
        } else {
            html.append("<table>\n<tr><th>指标 figure</th><th>name</th><th>全市 city</th></tr>\n");
            for (String name : SUMMARY) {
                PublishedColumns.Column column = columns.column(name);
                html.append("<tr><td>").append(escape(column.labelZh())).append("</td><td>").append(escape(name)).append("</td>")
                        .append(cell(column, areas.value(city.get(0), name), minCount)).append("</tr>\n");
            }
            html.append("</table>\n");
        }

        html.append("<h2 id=\"districts\">区(市)县综合得分 Composite score of the districts</h2>\n");
        html.append(legend());
        html.append(scoreChart("districts", "区(市)县综合得分 composite score of the districts", areas, districts));
        html.append("<h2 id=\"streets\">街道(乡镇)综合得分 Composite score of the streets/townships</h2>\n");
        html.append(legend());
        html.append(scoreChart("streets", "街道综合得分 composite score of the streets", areas, streets));

        html.append("<h2 id=\"red-list\">红榜 Red list (top streets)</h2>\n");
        html.append(table(areas, streets.stream().filter(row -> "RED".equals(areas.value(row, "list"))).toList(), LIST_TABLE));
        html.append("<h2 id=\"black-list\">黑榜 Black list (bottom streets)</h2>\n");
        List<List<Object>> black = new ArrayList<>(streets.stream().filter(row -> "BLACK".equals(areas.value(row, "list"))).toList());
        java.util.Collections.reverse(black);
        html.append(table(areas, black, LIST_TABLE));
        html.append("<h2 id=\"below-minimum\">满意率低于底线的单位 Units below the minimum satisfaction</h2>\n");
        html.append(table(areas, areas.where(row -> Boolean.TRUE.equals(areas.value(row, "below_min_satisfaction"))), BELOW_TABLE));

        html.append("<h2 id=\"hot-topics\">热点问题 Hot topics</h2>\n");
        List<List<Object>> cityTopics = topics.where(row -> "CITY".equals(topics.value(row, "area_level")));
        html.append("<p class=\"legend\"><span><span class=\"swatch\" style=\"background:").append(PREVIOUS).append("\"></span>上期 previous period</span>")
                .append("<span><span class=\"swatch\" style=\"background:").append(CURRENT).append("\"></span>本期 this period</span></p>\n");
        html.append(topicChart(topics, cityTopics));
        html.append("<p>Hot topics of the city and the districts (the full list per street is in evaluation_hot_topic):</p>\n");
        html.append(table(topics, topics.where(row -> Boolean.TRUE.equals(topics.value(row, "hot")) && !"STREET".equals(topics.value(row, "area_level"))),
                TOPIC_TABLE));

        html.append("<h2 id=\"street-table\">街道(乡镇)考评明细 Streets/townships</h2>\n");
        html.append(table(areas, streets, STREET_TABLE));

        html.append("<h2 id=\"methods\">计算方法 Methods</h2>\n");
        html.append("<p>Every figure is computed by the platform from its curated tables (grid events, 12345 hotline cases, police risk signals, "
                + "risk warnings and two-way evaluation ratings) by the SQL in sql/evaluation/ and sql/publication/ of the platform's repository; "
                + "manifest.json holds the exact queries, the Iceberg snapshot of every table read, and the SHA-256 of every file, and "
                + "<code>platform publish --verify</code> re-runs them. The items of a period are those first received in it, counted as they stood "
                + "at the period's end (Asia/Shanghai). Areas: each item counts for its community, street, district and the city; communities are "
                + "evaluated but not published. Suppression: any count below ").append(minCount).append(" is withheld (&lt;").append(minCount)
                .append("), and so is every rate, median or score computed over fewer than ").append(minCount)
                .append(" cases; composite, ranks, grades and lists are computed on the exact figures.</p>\n");
        html.append("<table>\n<tr><th>name</th><th>中文</th><th>how it is computed</th></tr>\n");
        List<String> described = new ArrayList<>();
        for (Dataset dataset : datasets) {
            for (String name : dataset.columns()) {
                if (!described.contains(name)) {
                    described.add(name);
                    PublishedColumns.Column column = columns.column(name);
                    html.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(column.labelZh())).append("</td><td>")
                            .append(escape(column.method())).append("</td></tr>\n");
                }
            }
        }
        html.append("</table>\n");
        html.append("<p>Parameters of this period (考评参数, from the evaluation's one configuration file):</p>\n");
        html.append(table(parameters, parameters.rows(), List.of("parameter", "value")));
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String legend() {
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        for (String grade : GRADES) {
            legend.append("<span><span class=\"swatch\" style=\"background:").append(GRADE_COLOURS.get(grade)).append("\"></span>")
                    .append(escape(GRADE_LABELS.get(grade))).append("</span>");
        }
        legend.append("<span><span class=\"swatch\" style=\"background:").append(NO_GRADE).append("\"></span>no score</span></p>\n");
        return legend.toString();
    }

    /** Horizontal bars of composite_score (0-100), one per row, coloured by grade. */
    private static String scoreChart(String id, String title, Rows rows, List<List<Object>> chosen) {
        int rowHeight = 18;
        int top = 24;
        int labelWidth = 240;
        int barWidth = 600;
        int height = top + rowHeight * chosen.size() + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-").append(id).append("\" role=\"img\" aria-label=\"").append(escape(title))
                .append("\" width=\"900\" height=\"").append(height).append("\" viewBox=\"0 0 900 ").append(height).append("\" font-size=\"12\">\n");
        svg.append("<title>").append(escape(title)).append("</title>\n");
        for (int tick = 0; tick <= 100; tick += 25) {
            int x = labelWidth + barWidth * tick / 100;
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(top - 6).append("\" x2=\"").append(x).append("\" y2=\"").append(height - 8)
                    .append("\" stroke=\"#ddd\"/><text x=\"").append(x).append("\" y=\"").append(top - 10).append("\" text-anchor=\"middle\" fill=\"#666\">")
                    .append(tick).append("</text>\n");
        }
        for (int i = 0; i < chosen.size(); i++) {
            List<Object> row = chosen.get(i);
            int y = top + i * rowHeight;
            Object score = rows.value(row, "composite_score");
            Object grade = rows.value(row, "grade");
            String colour = grade == null ? NO_GRADE : GRADE_COLOURS.getOrDefault(grade.toString(), NO_GRADE);
            double value = score == null ? 0 : ((BigDecimal) score).doubleValue();
            double width = Math.max(0, Math.min(100, value)) * barWidth / 100;
            svg.append("<g><text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 12).append("\" text-anchor=\"end\">")
                    .append(escape(String.valueOf(rows.value(row, "area_name_zh")))).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 2).append("\" width=\"").append(fixed(width))
                    .append("\" height=\"13\" fill=\"").append(colour).append("\"/>")
                    .append("<text x=\"").append(fixed(labelWidth + width + 4)).append("\" y=\"").append(y + 12).append("\">")
                    .append(score == null ? "—" : PublicationFiles.plain(score)).append("</text></g>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Pairs of horizontal bars per matter group: previous and this period's items (suppressed counts: no bar, "<5"). */
    private static String topicChart(Rows rows, List<List<Object>> chosen) {
        List<List<Object>> ordered = chosen.stream().sorted(Comparator.comparing(row -> String.valueOf(rows.value(row, "matter_group")))).toList();
        long max = 1;
        for (List<Object> row : ordered) {
            for (String name : List.of("items", "previous_items")) {
                Object value = rows.value(row, name);
                if (value != null) {
                    max = Math.max(max, (Long) value);
                }
            }
        }
        int groupHeight = 36;
        int top = 10;
        int labelWidth = 240;
        int barWidth = 560;
        int height = top + groupHeight * ordered.size() + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-hot-topics\" role=\"img\" aria-label=\"全市各类事项本期与上期 items per matter group\" ")
                .append("width=\"900\" height=\"").append(height).append("\" viewBox=\"0 0 900 ").append(height).append("\" font-size=\"12\">\n");
        svg.append("<title>全市各类事项本期与上期 items per matter group, this and the previous period</title>\n");
        for (int i = 0; i < ordered.size(); i++) {
            List<Object> row = ordered.get(i);
            int y = top + i * groupHeight;
            Object satisfaction = rows.value(row, "satisfaction_rate_pct");
            svg.append("<g><text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
                    .append(escape(String.valueOf(rows.value(row, "matter_group_zh")))).append("</text>");
            svg.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 28).append("\" text-anchor=\"end\" fill=\"#666\">")
                    .append(satisfaction == null ? "" : "满意率 " + PublicationFiles.plain(satisfaction) + "%").append("</text>");
            String[][] bars = {{"previous_items", PREVIOUS, "0"}, {"items", CURRENT, "15"}};
            for (String[] bar : bars) {
                Object value = rows.value(row, bar[0]);
                double width = value == null ? 0 : (Long) value * (double) barWidth / max;
                int barY = y + Integer.parseInt(bar[2]);
                svg.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(barY + 2).append("\" width=\"").append(fixed(width))
                        .append("\" height=\"12\" fill=\"").append(bar[1]).append("\"/>")
                        .append("<text x=\"").append(fixed(labelWidth + width + 4)).append("\" y=\"").append(barY + 12).append("\">")
                        .append(value == null ? "&lt;" + rows.minCount : value.toString()).append("</text>");
            }
            svg.append("</g>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String table(Rows rows, List<List<Object>> chosen, List<String> names) {
        if (chosen.isEmpty()) {
            return "<p>None (无).</p>\n";
        }
        StringBuilder table = new StringBuilder("<table>\n<tr>");
        for (String name : names) {
            PublishedColumns.Column column = rows.columns.column(name);
            table.append("<th>").append(escape(column.labelZh())).append("<br>").append(escape(name)).append("</th>");
        }
        table.append("</tr>\n");
        for (List<Object> row : chosen) {
            table.append("<tr>");
            for (String name : names) {
                table.append(cell(rows.columns.column(name), rows.value(row, name), rows.minCount));
            }
            table.append("</tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    private static String cell(PublishedColumns.Column column, Object value, int minCount) {
        boolean number = column.kind() != PublishedColumns.Kind.TEXT && column.kind() != PublishedColumns.Kind.FLAG;
        return (number ? "<td class=\"num\">" : "<td>") + escape(PublicationFiles.text(column, value, minCount)) + "</td>";
    }

    /** Rows in rank order (rank_in_city, unranked last), then by code. */
    private static List<List<Object>> ranked(Rows rows, List<List<Object>> chosen) {
        return chosen.stream().sorted(Comparator.<List<Object>, Long>comparing(row -> {
            Object rank = rows.value(row, "rank_in_city");
            return rank == null ? Long.MAX_VALUE : (Long) rank;
        }).thenComparing(row -> String.valueOf(rows.value(row, "area_code")))).toList();
    }

    private static Dataset find(List<Dataset> datasets, String name) {
        return datasets.stream().filter(dataset -> dataset.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the report needs dataset " + name));
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A dataset with its columns described. */
    private static final class Rows {
        private final Dataset dataset;
        private final PublishedColumns columns;
        private final int minCount;

        Rows(Dataset dataset, PublishedColumns columns, int minCount) {
            this.dataset = dataset;
            this.columns = columns;
            this.minCount = minCount;
        }

        Object value(List<Object> row, String column) {
            return row.get(dataset.index(column));
        }

        List<List<Object>> rows() {
            return dataset.rows();
        }

        List<List<Object>> where(Predicate<List<Object>> condition) {
            return dataset.rows().stream().filter(condition).toList();
        }
    }
}
