package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.simulator.SimulationReport;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.replay.BoundedReplay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated day through the ingest job, then the assess job, on the real Kafka and PostgreSQL catalog. */
class AssessJobIT {
    @TempDir
    static Path temp;
    private static String namespace;
    private static JdbcCatalog catalog;

    @BeforeAll
    static void simulateIngestAndAssess() throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        CatalogSettings catalogSettings = CatalogSettings.load(LocalPostgres.catalogConfig());
        namespace = "gov_assess_it_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        catalog = GovCatalog.open(catalogSettings);
        BoundedReplay.Mark mark = BoundedReplay.Mark.now(bootstrap);
        assertEquals(0, PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "53", "--start", "2026-10-05",
                "--scale", "0.3", "--report", temp.resolve("report.json").toString()));
        // A replayed day reaches assess disordered by up to the whole day.
        BoundedReplay.builder().bootstrap(bootstrap).catalog(catalogSettings).namespace(namespace)
                .piiKey("assess-it-pseudonymisation-key".getBytes(StandardCharsets.UTF_8)).checkpointInterval(Duration.ofSeconds(2))
                .workDirectory(temp).build().run(mark);
        SimulationReport.read(temp.resolve("report.json"));
    }

    @AfterAll
    static void dropTables() throws Exception {
        if (catalog != null) {
            GovCatalog.dropNamespace(catalog, namespace);
            catalog.close();
        }
    }

    @Test
    void cityHourlyNewItemsPerGroupEqualTheItemsIngested() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        for (Record row : rows(GovTables.ITEM_EVENT)) {
            if (row.getField("previous_state") == null) {
                expected.merge((String) row.getField("matter_group"), 1L, Long::sum);
            }
        }
        Map<String, Long> city = new TreeMap<>();
        Map<String, Long> districts = new TreeMap<>();
        for (Record row : rows(GovTables.AREA_HOURLY)) {
            long newItems = (Long) row.getField("new_items");
            if ("CITY".equals(row.getField("area_level"))) {
                city.merge((String) row.getField("matter_group"), newItems, Long::sum);
            } else if ("DISTRICT".equals(row.getField("area_level"))) {
                districts.merge((String) row.getField("matter_group"), newItems, Long::sum);
            }
        }
        assertTrue(expected.values().stream().mapToLong(Long::longValue).sum() > 1000, "a city day of items: " + expected);
        assertEquals(expected, city, "city new items per matter group, over the day's hours");
        assertEquals(city, districts, "the districts add up to the city");
    }

    @Test
    void oneRowPerAreaGroupAndHour() throws Exception {
        Map<String, Integer> keys = new HashMap<>();
        for (Record row : rows(GovTables.AREA_HOURLY)) {
            keys.merge(row.getField("area_code") + "|" + row.getField("matter_group") + "|" + row.getField("hour_start"), 1, Integer::sum);
        }
        assertTrue(keys.size() > 100);
        assertTrue(keys.values().stream().allMatch(count -> count == 1), "upserted, not appended");
    }

    private static List<Record> rows(String table) throws Exception {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(catalog.loadTable(TableIdentifier.of(namespace, table))).build()) {
            records.forEach(rows::add);
        }
        return rows;
    }
}
