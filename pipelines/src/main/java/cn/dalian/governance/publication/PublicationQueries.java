package cn.dalian.governance.publication;

import cn.dalian.governance.evaluation.EvaluationConfig;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.SqlScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL of the publication, from one source: each published dataset is a view file of
 * {@code sql/publication/} (created by trino-setup for the {@code public} user) whose tables carry a
 * {@code ${<table>_version}} placeholder. For the view it is empty; for {@code platform publish} it is
 * {@code FOR VERSION AS OF <snapshot id>}, and the view's query (the text after its {@code AS} line) runs inside
 * the dataset's file of {@code sql/publication-queries/} (one period, fixed order). A view cannot be
 * time-travelled, its query can.
 */
public final class PublicationQueries {
    /** The published datasets, in the order of the files and the report. */
    public static final List<String> DATASETS = List.of("evaluation_area", "evaluation_hot_topic", "evaluation_parameters");
    private static final Pattern VERSION = Pattern.compile("\\$\\{([a-z_]+)_version}");

    private PublicationQueries() {}

    /**
     * The placeholder values with which trino-setup creates every view: no version (the tables as they are when
     * read) and the suppression threshold of the evaluation parameters.
     */
    public static Map<String, String> viewValues(EvaluationConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String table : GovTables.ALL) {
            values.put(table + "_version", "");
        }
        values.put("min_count", Integer.toString(config.minCount()));
        return values;
    }

    /** The curated tables the dataset's view reads (those with a version placeholder), sorted. */
    public static List<String> tables(Path sqlDirectory, String dataset) {
        String text = viewText(sqlDirectory, dataset);
        TreeSet<String> tables = new TreeSet<>();
        Matcher matcher = VERSION.matcher(text);
        while (matcher.find()) {
            String table = matcher.group(1);
            if (!GovTables.ALL.contains(table)) {
                throw new IllegalStateException(view(sqlDirectory, dataset) + ": ${" + table + "_version} names no curated table");
            }
            tables.add(table);
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException(view(sqlDirectory, dataset) + ": no ${<table>_version} placeholder, so publish could not pin what it reads");
        }
        return List.copyOf(tables);
    }

    /**
     * The query {@code platform publish} runs for {@code dataset} and {@code period}: every table pinned to its
     * snapshot in {@code snapshots}, counts below {@code minCount} suppressed, the platform's schemas renamed by
     * {@code schemas}.
     */
    public static String query(Path sqlDirectory, String dataset, String period, Map<String, Long> snapshots, int minCount, Schemas schemas) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String table : GovTables.ALL) {
            Long snapshot = snapshots.get(table);
            values.put(table + "_version", snapshot == null ? "" : "FOR VERSION AS OF " + snapshot);
        }
        for (String table : tables(sqlDirectory, dataset)) {
            if (!snapshots.containsKey(table)) {
                throw new IllegalArgumentException(dataset + " reads " + table + " but no snapshot of it was given");
            }
        }
        values.put("min_count", Integer.toString(minCount));
        String body = viewQuery(sqlDirectory, dataset, values);
        SqlScript wrapper = SqlScript.read(sqlDirectory.resolve("publication-queries").resolve(dataset + ".sql"));
        List<String> statements = wrapper.statements(Map.of("view", body, "period", period), schemas);
        if (statements.size() != 1) {
            throw new IllegalStateException(wrapper.file() + " must hold one statement, it holds " + statements.size());
        }
        return statements.get(0);
    }

    /** The query of the dataset's view: its CREATE VIEW statement after the line {@code AS}. */
    private static String viewQuery(Path sqlDirectory, String dataset, Map<String, String> values) {
        SqlScript script = SqlScript.read(view(sqlDirectory, dataset));
        List<String> statements = script.statements(values, Schemas.PLATFORM);
        if (statements.size() != 1) {
            throw new IllegalStateException(script.file() + " must hold one CREATE VIEW statement, it holds " + statements.size());
        }
        List<String> lines = List.of(statements.get(0).split("\n", -1));
        List<String> body = new ArrayList<>();
        boolean found = false;
        for (String line : lines) {
            if (found) {
                body.add(line);
            } else if (line.strip().equalsIgnoreCase("AS")) {
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException(script.file() + ": no line 'AS' before the view's query");
        }
        return String.join("\n", body).strip();
    }

    /** The view file without its comment lines, placeholders as written. */
    private static String viewText(Path sqlDirectory, String dataset) {
        Path file = view(sqlDirectory, dataset);
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path view(Path sqlDirectory, String dataset) {
        if (!DATASETS.contains(dataset)) {
            throw new IllegalArgumentException("unknown published dataset '" + dataset + "' (datasets: " + DATASETS + ")");
        }
        return sqlDirectory.resolve("publication").resolve(dataset + ".sql");
    }
}
