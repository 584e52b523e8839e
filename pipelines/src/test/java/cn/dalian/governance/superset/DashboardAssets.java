package cn.dalian.governance.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The Superset assets of the repository's {@code dashboards/} directory (Superset's YAML export format), as the tests read them. */
final class DashboardAssets {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Dataset(String uuid, String schema, String table, Set<String> temporalColumns) {}

    record Chart(String uuid, String name, String vizType, ObjectNode params, Dataset dataset) {}

    record Dashboard(String uuid, String slug, String title, List<Chart> charts) {}

    private final Path directory;
    private final Map<String, String> files; // path inside the bundle -> YAML text
    private final Map<String, Dataset> datasets = new LinkedHashMap<>();
    private final Map<String, Chart> charts = new LinkedHashMap<>();
    private final List<Dashboard> dashboards = new ArrayList<>();
    private final List<String> databaseUuids = new ArrayList<>();

    private DashboardAssets(Path directory, Map<String, String> files) {
        this.directory = directory;
        this.files = files;
        files.forEach((name, text) -> {
            JsonNode node = read(text);
            if (name.startsWith("databases/")) {
                databaseUuids.add(node.path("uuid").asText());
            } else if (name.startsWith("datasets/")) {
                Set<String> temporal = new java.util.HashSet<>();
                node.path("columns").forEach(column -> {
                    if (column.path("is_dttm").asBoolean()) {
                        temporal.add(column.path("column_name").asText());
                    }
                });
                datasets.put(node.path("uuid").asText(), new Dataset(node.path("uuid").asText(), node.path("schema").asText(), node.path("table_name").asText(), temporal));
            }
        });
        files.forEach((name, text) -> {
            if (name.startsWith("charts/")) {
                JsonNode node = read(text);
                Dataset dataset = datasets.get(node.path("dataset_uuid").asText());
                if (dataset == null) {
                    throw new IllegalStateException(directory.resolve(name) + ": no dataset " + node.path("dataset_uuid").asText() + " in the bundle");
                }
                charts.put(node.path("uuid").asText(), new Chart(node.path("uuid").asText(), node.path("slice_name").asText(), node.path("viz_type").asText(),
                        (ObjectNode) node.path("params"), dataset));
            }
        });
        files.forEach((name, text) -> {
            if (name.startsWith("dashboards/")) {
                JsonNode node = read(text);
                List<Chart> shown = new ArrayList<>();
                node.path("position").forEach(component -> {
                    if ("CHART".equals(component.path("type").asText())) {
                        Chart chart = charts.get(component.path("meta").path("uuid").asText());
                        if (chart == null) {
                            throw new IllegalStateException(directory.resolve(name) + ": no chart " + component.path("meta").path("uuid").asText() + " in the bundle");
                        }
                        shown.add(chart);
                    }
                });
                dashboards.add(new Dashboard(node.path("uuid").asText(), node.path("slug").asText(), node.path("dashboard_title").asText(), shown));
            }
        });
    }

    /** The assets of {@code directory} (the repository's dashboards/). */
    static DashboardAssets load(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            Map<String, String> files = new TreeMap<>();
            for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                files.put(directory.relativize(path).toString().replace('\\', '/'), Files.readString(path, StandardCharsets.UTF_8));
            }
            return new DashboardAssets(directory, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the assets in " + directory, e);
        }
    }

    List<Dashboard> dashboards() {
        return dashboards;
    }

    List<Chart> charts() {
        return List.copyOf(charts.values());
    }

    List<Dataset> datasets() {
        return List.copyOf(datasets.values());
    }

    List<String> databaseUuids() {
        return databaseUuids;
    }

    Set<String> dashboardUuids() {
        return dashboards.stream().map(Dashboard::uuid).collect(Collectors.toSet());
    }

    /**
     * The bundle as {@code POST /api/v1/assets/import/} takes it: a zip with one top directory, the
     * database's SQLAlchemy URI replaced by {@code trinoUri} (as infra/superset/platform_setup.py does).
     */
    byte[] zip(String trinoUri) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                String text = file.getValue();
                if (file.getKey().startsWith("databases/")) {
                    ObjectNode database = (ObjectNode) read(text);
                    database.put("sqlalchemy_uri", trinoUri);
                    text = YAML.writeValueAsString(database);
                }
                zip.putNextEntry(new ZipEntry("dashboards/" + file.getKey()));
                zip.write(text.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private JsonNode read(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("invalid YAML in " + directory, e);
        }
    }
}
