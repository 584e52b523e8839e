package cn.dalian.governance.publication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.evaluation.PublicationFixture;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.Trino;
import cn.dalian.governance.sql.TrinoSetup;
import cn.dalian.governance.testing.LocalChromium;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalTrino;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code platform publish} through the real Trino on an evaluated namespace of its own: publishing twice gives
 * byte-identical files; after more data lands and the period is evaluated again, {@code --verify} still
 * reproduces the first publication (pinned snapshots) and a new publication differs; no published count is below
 * 5, no file holds a phone number, ID number or name of the input; {@code public} reads the same figures from the
 * publication views and nothing else; headless Chromium draws the report's charts.
 */
class PublicationIT {
    /** The columns that are counts of cases (the suppression rule applies to them). */
    private static final Set<String> COUNTS = Set.of("volume", "grid_items", "hotline_cases", "police_signals", "handled_items", "closed_items",
            "rated_cases", "complaints", "mediated_disputes", "warnings_opened", "off_list_assignments", "items", "previous_items");
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");
    private static final Pattern LANDLINE = Pattern.compile("0411-?[0-9]{7,8}");
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])[1-6][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])");
    private static final Pattern COMMUNITY_CODE = Pattern.compile("(?<![0-9A-Za-z])[0-9]{12}(?![0-9A-Za-z])");

    @TempDir
    static Path temp;
    private static String trinoUrl;
    private static PublicationFixture fixture;
    private static Schemas schemas;
    private static List<String> views = List.of();
    private static Path first;
    private static Path second;
    private static Path later;

    @BeforeAll
    static void evaluatePublishTwiceThenLandMoreDataAndPublishAgain() throws Exception {
        trinoUrl = LocalTrino.url();
        fixture = PublicationFixture.create(trinoUrl);
        String suffix = "it_" + fixture.namespace().substring(fixture.namespace().lastIndexOf('_') + 1);
        schemas = Schemas.of(fixture.namespace(), suffix);
        views = TrinoSetup.apply(fixture.settings(), trinoUrl, LocalKafka.repoRoot().resolve("sql"), schemas, System.out);
        fixture.insertOctober(0);
        assertEquals(0, evaluate());
        first = temp.resolve("first");
        second = temp.resolve("second");
        later = temp.resolve("later");
        assertEquals(0, publish(first));
        assertEquals(0, publish(second));
        fixture.insertOctober(1); // more data lands
        assertEquals(0, evaluate());
        assertEquals(0, publish(later));
    }

    private static int evaluate() {
        return PlatformCli.execute("evaluate", "--period", "2026-10", "--trino-url", trinoUrl, "--namespace", fixture.namespace());
    }

    private static int publish(Path out) {
        return PlatformCli.execute("publish", "--period", "2026-10", "--trino-url", trinoUrl, "--namespace", fixture.namespace(), "--out", out.toString());
    }

    @AfterAll
    static void dropEverything() throws Exception {
        if (fixture == null) {
            return;
        }
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            for (String view : views) {
                statement.execute("DROP VIEW IF EXISTS iceberg." + view);
            }
            statement.execute("DROP SCHEMA IF EXISTS iceberg." + schemas.analytics());
            statement.execute("DROP SCHEMA IF EXISTS iceberg." + schemas.publication());
        }
        fixture.close();
    }

    @Test
    void publishingTwiceGivesByteIdenticalFilesAndOnlyTheManifestsTimeDiffers() throws Exception {
        List<String> files = names(first);
        assertEquals(List.of("evaluation_area.csv", "evaluation_area.json", "evaluation_hot_topic.csv", "evaluation_hot_topic.json",
                "evaluation_parameters.csv", "evaluation_parameters.json", "manifest.json", "report.html"), files);
        assertEquals(files, names(second));
        for (String file : files) {
            if (!file.equals(Publisher.MANIFEST)) {
                assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
            }
        }
        JsonNode one = manifest(first);
        JsonNode two = manifest(second);
        ((com.fasterxml.jackson.databind.node.ObjectNode) one).remove("generated_at");
        ((com.fasterxml.jackson.databind.node.ObjectNode) two).remove("generated_at");
        assertEquals(one, two, "the same snapshots, SQL and hashes");
        // the manifest: every file's SHA-256, the snapshot of every table read, SQL pinned to it
        JsonNode manifest = manifest(first);
        for (JsonNode file : manifest.path("files")) {
            assertEquals(Publisher.sha256(Files.readAllBytes(first.resolve(file.path("file").asText()))), file.path("sha256").asText());
        }
        assertEquals(7, manifest.path("files").size());
        assertTrue(manifest.path("generated_at").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));
        List<String> tables = new ArrayList<>();
        for (JsonNode table : manifest.path("tables")) {
            tables.add(table.path("table").asText());
            long snapshot = table.path("snapshot_id").asLong();
            assertEquals(snapshot, snapshotIn(table.path("table").asText(), snapshot), "a snapshot of " + table);
            for (JsonNode query : manifest.path("queries")) {
                if (query.path("sql").asText().contains(table.path("table").asText() + " ")) {
                    assertTrue(query.path("sql").asText().contains(table.path("table").asText() + " FOR VERSION AS OF " + snapshot), query.path("sql").asText());
                }
            }
        }
        assertEquals(List.of("iceberg." + fixture.namespace() + ".eval_score", "iceberg." + fixture.namespace() + ".eval_topic"), tables);
    }

    @Test
    void afterMoreDataLandsVerifyStillReproducesTheFirstPublicationAndTheNewOneDiffers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = PlatformCli.execute("publish", "--verify", first.toString(), "--trino-url", trinoUrl);
        } finally {
            System.setOut(stdout);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertEquals(0, exit, report);
        for (String file : names(first)) {
            if (!file.equals(Publisher.MANIFEST)) {
                assertTrue(Pattern.compile("(?m)^OK +" + Pattern.quote(file) + " ").matcher(report).find(), file + " reproduced: " + report);
            }
        }
        assertNotEquals(manifest(first).path("tables"), manifest(later).path("tables"), "the new publication reads newer snapshots");
        for (String file : List.of("evaluation_area.csv", "evaluation_area.json", "report.html")) {
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(later.resolve(file))), file + " differs");
        }
        // and a changed file is caught
        Path tampered = temp.resolve("tampered");
        Files.createDirectories(tampered);
        for (String file : names(first)) {
            Files.copy(first.resolve(file), tampered.resolve(file));
        }
        Files.writeString(tampered.resolve("evaluation_area.csv"), Files.readString(tampered.resolve("evaluation_area.csv")).replace("2026-10,", "2026-11,"));
        assertEquals(1, PlatformCli.execute("publish", "--verify", tampered.toString(), "--trino-url", trinoUrl));
    }

    @Test
    void noCountBelowFiveStreetsAndAboveOnlyAndNoPersonalData() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> kinds = declaredKinds();
        for (String count : COUNTS) {
            assertEquals("COUNT", kinds.get(count), count + " is declared a count in columns.tsv");
        }
        int suppressed = 0;
        int shown = 0;
        for (Path directory : List.of(first, later)) {
            for (String dataset : PublicationQueries.DATASETS) {
                List<String[]> csv = csv(directory.resolve(dataset + ".csv"));
                String[] header = csv.get(0);
                for (String[] row : csv.subList(1, csv.size())) {
                    assertEquals(header.length, row.length);
                    for (int i = 0; i < header.length; i++) {
                        String column = header[i].substring(0, header[i].indexOf(' '));
                        assertTrue(kinds.containsKey(column), "bilingual header " + header[i]);
                        if ("COUNT".equals(kinds.get(column))) {
                            if (row[i].equals("<5")) {
                                suppressed++;
                            } else {
                                assertTrue(Long.parseLong(row[i]) >= 5, dataset + " " + column + " = " + row[i]);
                                shown++;
                            }
                        }
                        if (column.equals("area_level")) {
                            assertTrue(Set.of("CITY", "DISTRICT", "STREET").contains(row[i]), "streets and above only: " + row[i]);
                        }
                    }
                }
                JsonNode json = mapper.readTree(directory.resolve(dataset + ".json").toFile());
                assertEquals(csv.size() - 1, json.path("rows").size());
                for (JsonNode row : json.path("rows")) {
                    row.fields().forEachRemaining(field -> {
                        if ("COUNT".equals(kinds.get(field.getKey())) && !field.getValue().isNull()) {
                            assertTrue(field.getValue().asLong() >= 5, dataset + ".json " + field.getKey() + " = " + field.getValue());
                        }
                    });
                }
            }
            for (String file : names(directory)) {
                String text = Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
                if (file.equals(Publisher.MANIFEST)) {
                    // snapshot ids and hashes are long digit runs, not personal data
                    text = text.replaceAll("\"snapshot_id\": \\d+", "").replaceAll("FOR VERSION AS OF \\d+", "").replaceAll("[0-9a-f]{64}", "");
                } else {
                    Matcher community = COMMUNITY_CODE.matcher(text);
                    assertFalse(community.find(), file + " names a community: " + (community.hitEnd() ? "" : community.group()));
                }
                for (Pattern pii : List.of(MOBILE, LANDLINE, ID_NUMBER)) {
                    Matcher matcher = pii.matcher(text);
                    assertFalse(matcher.find(), file + " holds " + pii + ": " + (matcher.hitEnd() ? "" : matcher.group()));
                }
                for (String leaked : PublicationFixture.LEAKED) {
                    assertFalse(text.contains(leaked), file + " holds " + leaked);
                }
            }
        }
        assertTrue(suppressed > 0, "the small street's counts are suppressed");
        assertTrue(shown > 0, "counts of 5 and more are shown");
    }

    @Test
    void publicReadsTheSameFiguresFromThePublicationViewsAndNothingElse() throws Exception {
        String view = "iceberg." + schemas.publication() + ".evaluation_area";
        Map<String, String> published = new HashMap<>();
        List<String[]> csv = csv(later.resolve("evaluation_area.csv"));
        List<String> header = Stream.of(csv.get(0)).map(h -> h.substring(0, h.indexOf(' '))).toList();
        for (String[] row : csv.subList(1, csv.size())) {
            published.put(row[header.indexOf("area_code")], row[header.indexOf("volume")] + " " + row[header.indexOf("composite_score")] + " "
                    + row[header.indexOf("satisfaction_rate_pct")] + " " + row[header.indexOf("rank_in_city")]);
        }
        Map<String, String> seen = new HashMap<>();
        try (Connection connection = Trino.connect(trinoUrl, "public"); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT area_code, volume, composite_score, satisfaction_rate_pct, rank_in_city FROM " + view
                    + " WHERE period = '2026-10'")) {
                while (rows.next()) {
                    seen.put(rows.getString(1), (rows.getObject(2) == null ? "<5" : rows.getString(2)) + " " + text(rows.getObject(3)) + " "
                            + text(rows.getObject(4)) + " " + text(rows.getObject(5)));
                }
            }
            for (String relation : List.of("iceberg." + fixture.namespace() + ".eval_score", "iceberg." + fixture.namespace() + ".item_event")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT count(*) FROM " + relation).close());
                assertTrue(refused.getMessage().contains("Access Denied"), relation + ": " + refused.getMessage());
            }
        }
        assertEquals(published, seen, "the view and the latest publication give the same figures");
        assertTrue(published.size() >= 5, "city, districts and streets: " + published.keySet());
    }

    @Test
    void headlessChromiumDrawsTheReportsCharts() throws Exception {
        Path report = first.resolve(PublicationFiles.REPORT);
        String dom = LocalChromium.run(temp.resolve("chromium-dom"), report.toUri().toString(), "--dump-dom");
        assertTrue(dom.contains("大连市基层社会治理考评结果"), "the report loaded");
        for (String chart : List.of("chart-districts", "chart-streets", "chart-hot-topics")) {
            Matcher svg = Pattern.compile("<svg[^>]*id=\"" + chart + "\"[^>]*>(.*?)</svg>", Pattern.DOTALL).matcher(dom);
            assertTrue(svg.find(), chart + " in the DOM");
            long bars = Pattern.compile("<rect ").matcher(svg.group(1)).results().count();
            assertTrue(bars >= 2, chart + " has " + bars + " bars");
        }
        assertTrue(dom.contains("id=\"methods\""), "methods section");

        Path png = temp.resolve("report.png");
        LocalChromium.run(temp.resolve("chromium-shot"), report.toUri().toString(), "--window-size=1280,2000", "--hide-scrollbars", "--screenshot=" + png);
        BufferedImage image = ImageIO.read(png.toFile());
        Set<Integer> barColours = Set.of(0x1b7f3b, 0x1f6fb2, 0xd49a00, 0xc0392b, 0x9e9e9e); // the grade colours of the report's legend
        long barPixels = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (barColours.contains(image.getRGB(x, y) & 0xffffff)) {
                    barPixels++;
                }
            }
        }
        assertTrue(barPixels > 3000, "the bars are painted: " + barPixels + " pixels in bar colours");
    }

    private static String text(Object value) {
        return value == null ? "" : value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static long snapshotIn(String table, long snapshot) throws SQLException {
        String[] parts = table.split("\\.");
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT snapshot_id FROM iceberg." + parts[1] + ".\"" + parts[2] + "$snapshots\" WHERE snapshot_id = "
                        + snapshot)) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    private static Map<String, String> declaredKinds() throws Exception {
        Map<String, String> kinds = new HashMap<>();
        for (String line : Files.readAllLines(LocalKafka.repoRoot().resolve("sql/publication-queries/columns.tsv"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] fields = line.split("\t");
                kinds.put(fields[0], fields[2]);
            }
        }
        return kinds;
    }

    /** A CSV file as written: UTF-8 with a byte-order mark, CRLF lines, no quoted field in these files. */
    private static List<String[]> csv(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3), "UTF-8 byte-order mark");
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"));
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            assertFalse(line.contains("\""), "no quoting needed in " + file + ": " + line);
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static JsonNode manifest(Path directory) throws Exception {
        return new ObjectMapper().readTree(directory.resolve(Publisher.MANIFEST).toFile());
    }

}
