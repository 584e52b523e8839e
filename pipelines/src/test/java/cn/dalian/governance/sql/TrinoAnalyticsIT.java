package cn.dalian.governance.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.testing.LocalTrino;
import cn.dalian.governance.replay.BoundedReplay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated day through ingest and assess, then read through the real Trino server: the analysts'
 * counts against the simulator's own records, every analytics view, and the access rules.
 */
class TrinoAnalyticsIT {
    private static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    /** The districts of DESIGN section 4, by name: how a record without a community code names its place. */
    private static final Map<String, String> DISTRICTS = Map.of(
            "中山区", "210202", "西岗区", "210203", "沙河口区", "210204", "甘井子区", "210211", "旅顺口区", "210212",
            "金州区", "210213", "普兰店区", "210214", "长海县", "210224", "瓦房店市", "210281", "庄河市", "210283");

    private static final AvroCodec<GridEvent> GRID = AvroCodec.of(GridEvent.class);
    private static final AvroCodec<HotlineCase> HOTLINE = AvroCodec.of(HotlineCase.class);
    private static final AvroCodec<PoliceRiskSignal> POLICE = AvroCodec.of(PoliceRiskSignal.class);

    @TempDir
    static Path temp;
    private static String trinoUrl;
    private static CatalogSettings catalogSettings;
    private static String namespace;
    private static Schemas schemas;
    private static List<ConsumerRecord<byte[], byte[]>> sent;
    private static List<String> views;

    @BeforeAll
    static void simulateIngestAssessAndCreateTheViews() throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        trinoUrl = LocalTrino.url();
        catalogSettings = CatalogSettings.load(LocalPostgres.catalogConfig());
        String suffix = HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        namespace = "gov_trino_it_" + suffix;
        schemas = Schemas.of(namespace, "it_" + suffix);
        BoundedReplay.Mark mark = BoundedReplay.Mark.now(bootstrap);
        // The first of a month: the day streets and communities rate each other (two_way_evaluation_street).
        assertEquals(0, PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "83", "--start", "2026-10-01",
                "--scale", "0.2", "--report", temp.resolve("report.json").toString()));
        sent = LocalKafka.readCommitted(bootstrap, mark.feeds());

        BoundedReplay.builder().bootstrap(bootstrap).catalog(catalogSettings).namespace(namespace)
                .piiKey("trino-it-pseudonymisation-key".getBytes(StandardCharsets.UTF_8)).checkpointInterval(Duration.ofSeconds(2))
                .workDirectory(temp).build().run(mark);

        views = TrinoSetup.apply(catalogSettings, trinoUrl, LocalKafka.repoRoot().resolve("sql"), schemas, System.out);
    }

    @AfterAll
    static void dropEverything() throws Exception {
        if (schemas == null) {
            return;
        }
        TrinoSetup.remove(catalogSettings, trinoUrl, schemas);
    }

    @Test
    void newItemsPerDistrictDayAndMatterGroupInTrinoEqualTheSimulatorsOwnRecords() throws Exception {
        MatterCatalogue matters = MatterCatalogue.loadDefault();
        Map<String, Long> expected = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : sent) {
            switch (record.topic()) {
                case Topics.GRID_EVENTS -> {
                    GridEvent event = GRID.decode(record.value());
                    if (event.getState() == GridState.COLLECTED) {
                        String group = matters.inForce(event.getMatterCode(), event.getOccurredAt()).orElseThrow().group().name();
                        expected.merge(key("GRID", event.getGridCode().substring(0, 6), day(event.getOccurredAt()), group), 1L, Long::sum);
                    }
                }
                case Topics.HOTLINE_CASES -> {
                    HotlineCase event = HOTLINE.decode(record.value());
                    if (event.getState() == HotlineState.RECEIVED) {
                        String district = event.getCommunityCode() != null ? event.getCommunityCode().substring(0, 6) : districtNamed(event.getCallerAddress());
                        String group = matters.inForce(event.getMatterCode(), event.getOccurredAt()).orElseThrow().group().name();
                        expected.merge(key("HOTLINE", district, day(event.getOccurredAt()), group), 1L, Long::sum);
                    }
                }
                case Topics.POLICE_RISK -> {
                    PoliceRiskSignal signal = POLICE.decode(record.value());
                    String district = signal.getCommunityCode() != null ? signal.getCommunityCode().substring(0, 6) : districtNamed(signal.getPoliceStation());
                    // Police signals have no matter code: counted by signal type, which the item keeps.
                    expected.merge(key("POLICE", district, day(signal.getOccurredAt()), signal.getSignalType().name()), 1L, Long::sum);
                }
                default -> { }
            }
        }

        Map<String, Long> actual = new TreeMap<>();
        try (Connection connection = Trino.connect(trinoUrl, "analyst"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT source, district_code, CAST(occurred_at AT TIME ZONE 'Asia/Shanghai' AS date) AS day,
                               CASE source WHEN 'POLICE' THEN signal_type ELSE matter_group END AS kind, count(*) AS items
                        FROM iceberg.%s.item_event
                        WHERE state IN ('COLLECTED', 'RECEIVED', 'SIGNALLED')
                        GROUP BY 1, 2, 3, 4""".formatted(namespace))) {
            while (rows.next()) {
                actual.put(key(rows.getString("source"), rows.getString("district_code"), rows.getObject("day", LocalDate.class), rows.getString("kind")),
                        rows.getLong("items"));
            }
        }
        assertTrue(expected.values().stream().mapToLong(Long::longValue).sum() > 1500, "a day of a fifth of the city (about 2 300 new items): " + expected.size() + " cells");
        assertEquals(expected, actual, "new items per source, district, day and matter group (police: signal type)");
    }

    @Test
    void everyAnalyticsViewRunsAndReturnsRows() throws Exception {
        List<String> empty = new ArrayList<>();
        List<String> analytics = views.stream().filter(view -> view.startsWith(schemas.analytics() + ".")).toList();
        assertEquals(SqlScript.readAll(LocalKafka.repoRoot().resolve("sql/analytics")).size(), analytics.size(), "one view per file");
        try (Connection connection = Trino.connect(trinoUrl, "analyst"); Statement statement = connection.createStatement()) {
            for (String view : analytics) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM iceberg." + view + " LIMIT 5")) {
                    if (!rows.next()) {
                        empty.add(view);
                    }
                }
            }
        }
        assertTrue(empty.isEmpty(), "views without rows: " + empty);
    }

    @Test
    void publicReadsOnlyPublicationAnalystReadsGovAndAnalytics() throws Exception {
        String table = "iceberg." + namespace + ".item_event";
        String view = "iceberg." + schemas.analytics() + ".situation_daily";
        String published = "iceberg." + schemas.publication() + ".street_stability_daily";
        try (Connection connection = Trino.connect(trinoUrl, "public"); Statement statement = connection.createStatement()) {
            for (String relation : List.of(table, view)) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT count(*) FROM " + relation).close());
                assertTrue(refused.getMessage().contains("Access Denied"), relation + ": " + refused.getMessage());
            }
            assertTrue(count(statement, published) > 0, "public reads " + published);
        }
        try (Connection connection = Trino.connect(trinoUrl, "analyst"); Statement statement = connection.createStatement()) {
            assertTrue(count(statement, table) > 0);
            assertTrue(count(statement, view) > 0);
        }
    }

    @Test
    void analystsReadDeadLettersWithoutTheirRawBytesThePlatformWithThem() throws Exception {
        // A rejected record's raw bytes may hold the PII ingest would have pseudonymised (DESIGN section 6).
        String table = "iceberg." + namespace + ".dead_letter";
        try (Connection connection = Trino.connect(trinoUrl, "platform"); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + table + " (source_topic, source_partition, source_offset, job, reason, message, rejected_at, raw_key, raw_value)"
                    + " VALUES ('gov.hotline.cases.v1', 0, 7, 'ingest', 'UNDECODABLE', 'access test', current_timestamp, X'6B6579', to_utf8('13912345678'))");
        }
        String read = "SELECT message, raw_key, raw_value FROM " + table + " WHERE message = 'access test'";
        try (Connection connection = Trino.connect(trinoUrl, "analyst"); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(read)) {
            assertTrue(rows.next(), "the analyst reads the dead letter");
            assertEquals("access test", rows.getString(1));
            assertNull(rows.getBytes(2), "raw key masked");
            assertNull(rows.getBytes(3), "raw value masked");
        }
        try (Connection connection = Trino.connect(trinoUrl, "platform"); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(read)) {
            assertTrue(rows.next());
            assertEquals("13912345678", new String(rows.getBytes(3), StandardCharsets.UTF_8), "the platform reads the raw bytes");
        }
    }

    private static long count(Statement statement, String relation) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + relation)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String key(String source, String district, LocalDate day, String grouping) {
        return source + "|" + district + "|" + day + "|" + grouping;
    }

    private static LocalDate day(Instant at) {
        return at.atZone(CITY).toLocalDate();
    }

    private static String districtNamed(String place) {
        return DISTRICTS.entrySet().stream().filter(district -> place.startsWith(district.getKey())).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no district named in '" + place + "'"));
    }
}
