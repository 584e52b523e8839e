package cn.dalian.governance.publication;


import cn.dalian.governance.evaluation.EvaluationPeriod;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.Trino;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code platform publish}: reads the published datasets through Trino (as the {@code publisher} user), every
 * table pinned to its current Iceberg snapshot, writes the CSV, JSON and HTML files and {@code manifest.json}
 * (period, generation time, minimum count, each table's snapshot id, each query's SQL text, each file's size and
 * SHA-256); and {@code --verify}: re-runs a manifest's queries at its snapshots and compares what they render to
 * the manifest and to the files on disk.
 *
 * <p>Reproducibility: the data files and the report depend only on the rows read (no clock, fixed order and
 * formatting), so publishing from the same snapshots gives byte-identical files; only manifest.json differs, by
 * its generation time.
 */
public final class Publisher {
    public static final String MANIFEST = "manifest.json";
    public static final String PUBLISHER_USER = "publisher";
    static final String FORMAT = "dalian-governance-publication/1";

    /** One file's check by --verify. */
    public record FileCheck(String file, String manifestSha256, String reproducedSha256, String onDiskSha256) {
        public boolean reproduced() {
            return manifestSha256 != null && manifestSha256.equals(reproducedSha256) && manifestSha256.equals(onDiskSha256);
        }
    }

    private Publisher() {}

    /** Publishes {@code period} into {@code out} (created; must be empty). Returns the manifest written. */
    public static Map<String, Object> publish(String trinoUrl, String user, Path sqlDirectory, Schemas schemas, EvaluationPeriod period, int minCount, Path out,
            PrintStream log) throws SQLException, IOException {
        if (Files.exists(out)) {
            boolean empty;
            try (var entries = Files.list(out)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty) {
                throw new IllegalArgumentException(out + " exists and is not empty: a publication is written once, into a new directory");
            }
        }
        PublishedColumns columns = PublishedColumns.load(sqlDirectory.resolve("publication-queries").resolve("columns.tsv"));
        TreeSet<String> tables = new TreeSet<>();
        for (String dataset : PublicationQueries.DATASETS) {
            tables.addAll(PublicationQueries.tables(sqlDirectory, dataset));
        }
        List<Dataset> datasets = new ArrayList<>();
        List<Map<String, Object>> queries = new ArrayList<>();
        Map<String, Long> snapshots;
        try (Connection connection = Trino.connect(trinoUrl, user); Statement statement = connection.createStatement()) {
            snapshots = currentSnapshots(statement, schemas, tables);
            log.printf("publish: %s as %s, snapshots %s%n", period, user, snapshots);
            for (String name : PublicationQueries.DATASETS) {
                String sql = PublicationQueries.query(sqlDirectory, name, period.label(), snapshots, minCount, schemas);
                Dataset dataset = run(statement, name, sql);
                log.printf("publish: %s: %d rows%n", name, dataset.rows().size());
                datasets.add(dataset);
                Map<String, Object> query = new LinkedHashMap<>();
                query.put("dataset", name);
                query.put("tables", PublicationQueries.tables(sqlDirectory, name).stream().map(table -> qualified(schemas, table)).toList());
                query.put("sql", sql);
                queries.add(query);
            }
        }
        if (datasets.get(0).rows().isEmpty()) {
            throw new IllegalStateException("no evaluation of " + period + " in iceberg." + schemas.gov() + ".eval_score at snapshot "
                    + snapshots.get("eval_score") + ": run 'platform evaluate --period " + period + "' first");
        }
        Map<String, byte[]> files = PublicationFiles.render(period.label(), datasets, columns, minCount);
        Files.createDirectories(out);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(out.resolve(file.getKey()), file.getValue());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", file.getKey());
            entry.put("bytes", file.getValue().length);
            entry.put("sha256", sha256(file.getValue()));
            listed.add(entry);
            log.printf("publish: wrote %s (%d bytes)%n", out.resolve(file.getKey()), file.getValue().length);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("period", period.label());
        manifest.put("generated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        manifest.put("trino_user", user);
        manifest.put("min_count", minCount);
        List<Map<String, Object>> pinned = new ArrayList<>();
        for (Map.Entry<String, Long> snapshot : new TreeMap<>(snapshots).entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("table", qualified(schemas, snapshot.getKey()));
            entry.put("snapshot_id", snapshot.getValue());
            pinned.add(entry);
        }
        manifest.put("tables", pinned);
        manifest.put("queries", queries);
        manifest.put("files", listed);
        Files.writeString(out.resolve(MANIFEST), PublicationFiles.json(manifest) + "\n", StandardCharsets.UTF_8);
        log.printf("publish: wrote %s%n", out.resolve(MANIFEST));
        return manifest;
    }

    /**
     * Re-runs the queries of {@code directory}'s manifest (their SQL text, pinned to its snapshots) as {@code user},
     * renders the files again and checks each against the manifest's SHA-256 and the file on disk.
     */
    public static List<FileCheck> verify(String trinoUrl, String user, Path sqlDirectory, Path directory, PrintStream log) throws SQLException, IOException {
        Path manifestFile = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException(directory + " holds no " + MANIFEST + ": not a publication directory");
        }
        JsonNode manifest = new ObjectMapper().readTree(Files.readString(manifestFile, StandardCharsets.UTF_8));
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new IllegalArgumentException(manifestFile + ": format is '" + manifest.path("format").asText() + "', expected " + FORMAT);
        }
        String period = manifest.path("period").asText();
        int minCount = manifest.path("min_count").asInt();
        log.printf("verify: %s, period %s, published %s, snapshots %s%n", directory, period, manifest.path("generated_at").asText(), manifest.path("tables"));
        PublishedColumns columns = PublishedColumns.load(sqlDirectory.resolve("publication-queries").resolve("columns.tsv"));
        List<Dataset> datasets = new ArrayList<>();
        try (Connection connection = Trino.connect(trinoUrl, user); Statement statement = connection.createStatement()) {
            for (JsonNode query : manifest.path("queries")) {
                Dataset dataset = run(statement, query.path("dataset").asText(), query.path("sql").asText());
                log.printf("verify: %s: %d rows%n", dataset.name(), dataset.rows().size());
                datasets.add(dataset);
            }
        }
        Map<String, byte[]> reproduced = PublicationFiles.render(period, datasets, columns, minCount);
        List<FileCheck> checks = new ArrayList<>();
        TreeSet<String> listed = new TreeSet<>();
        for (JsonNode file : manifest.path("files")) {
            String name = file.path("file").asText();
            listed.add(name);
            byte[] again = reproduced.get(name);
            Path onDisk = directory.resolve(name);
            checks.add(new FileCheck(name, file.path("sha256").asText(), again == null ? null : sha256(again),
                    Files.isRegularFile(onDisk) ? sha256(Files.readAllBytes(onDisk)) : null));
        }
        for (Map.Entry<String, byte[]> file : reproduced.entrySet()) {
            if (!listed.contains(file.getKey())) {
                checks.add(new FileCheck(file.getKey(), null, sha256(file.getValue()), null));
            }
        }
        return checks;
    }

    private static Map<String, Long> currentSnapshots(Statement statement, Schemas schemas, Iterable<String> tables) throws SQLException {
        Map<String, Long> snapshots = new LinkedHashMap<>();
        for (String table : tables) {
            String sql = "SELECT snapshot_id FROM iceberg." + schemas.gov() + ".\"" + table + "$refs\" WHERE name = 'main'";
            try (ResultSet result = statement.executeQuery(sql)) {
                if (!result.next()) {
                    throw new IllegalStateException("iceberg." + schemas.gov() + "." + table + " has no snapshot yet (nothing written): nothing to publish");
                }
                snapshots.put(table, result.getLong(1));
            } catch (SQLException e) {
                throw new SQLException(sql + ": " + e.getMessage(), e);
            }
        }
        return snapshots;
    }

    private static Dataset run(Statement statement, String name, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            return Dataset.read(name, result);
        } catch (SQLException e) {
            throw new SQLException(name + ": " + e.getMessage(), e);
        }
    }

    private static String qualified(Schemas schemas, String table) {
        return "iceberg." + schemas.gov() + "." + table;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
