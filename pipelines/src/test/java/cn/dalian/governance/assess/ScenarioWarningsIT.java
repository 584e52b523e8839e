package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.simulator.ExpectedWarning;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.replay.BoundedReplay;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the simulator's scenario: seven simulated days (four of history for the R2 baseline's
 * 72-hour warm-up, the incidents on the fifth, and two days for their later evidence: R3's police
 * signal, R5's twice-overdue) through ingest and assess, replayed with the rules' own watermark bound
 * as live traffic is judged; every ground-truth warning, R6 included, must appear in gov.warning with
 * its rule, area and level, first reaching that level inside its window, and the week must have one
 * stability row per area and hour.
 */
class ScenarioWarningsIT {

    @TempDir
    Path temp;

    @Test
    void everyGroundTruthWarningAppearsWithItsRuleAreaAndLevelInsideItsWindow() throws Exception {
        String bootstrap = LocalKafka.bootstrap();
        CatalogSettings catalogSettings = CatalogSettings.load(LocalPostgres.catalogConfig());
        String namespace = "gov_scenario_it_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        BoundedReplay.Mark mark = BoundedReplay.Mark.now(bootstrap);
        Path truthFile = temp.resolve("ground-truth.json");
        assertEquals(0, PlatformCli.execute("simulate", "--to", "kafka", "--bootstrap", bootstrap, "--seed", "61", "--start", "2026-09-30",
                "--days", "7", "--scale", "0.3", "--scenario", AssessFixtures.SCENARIO.toString(), "--report", temp.resolve("report.json").toString(),
                "--ground-truth", truthFile.toString()));
        List<ExpectedWarning> truth = List.of(new ObjectMapper().readValue(truthFile.toFile(), ExpectedWarning[].class));
        assertEquals(9, truth.size(), "the scenario's expected warnings");

        BoundedReplay.builder().bootstrap(bootstrap).catalog(catalogSettings).namespace(namespace)
                .piiKey("scenario-it-pseudonymisation-key".getBytes(StandardCharsets.UTF_8)).checkpointInterval(Duration.ofSeconds(5))
                .workDirectory(temp).build().run(mark);

        try (JdbcCatalog catalog = GovCatalog.open(catalogSettings)) {
            List<Record> warnings = new ArrayList<>();
            try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(TableIdentifier.of(namespace, GovTables.WARNING))).build()) {
                rows.forEach(warnings::add);
            }
            List<String> missing = new ArrayList<>();
            for (ExpectedWarning expected : truth) {
                Instant from = Instant.parse(expected.windowStart());
                Instant to = Instant.parse(expected.windowEnd());
                boolean found = warnings.stream().anyMatch(row -> expected.rule().equals(row.getField("rule"))
                        && expected.areaCode().equals(row.getField("area_code"))
                        && expected.level().equals(row.getField("level"))
                        && !"CLEARED".equals(row.getField("status"))
                        && !changedAt(row).isBefore(from) && !changedAt(row).isAfter(to));
                if (!found) {
                    missing.add(expected.incident() + " " + expected.rule() + " " + expected.level() + " " + expected.areaCode() + " in [" + from + ", " + to + "]: "
                            + warnings.stream().filter(row -> expected.areaCode().equals(row.getField("area_code")))
                                    .map(row -> row.getField("rule") + "/" + row.getField("level") + "/" + row.getField("status") + "@" + changedAt(row)).toList());
                }
            }
            assertTrue(missing.isEmpty(), "ground-truth warnings not raised: " + missing);

            // One stability row per community and street of the registry and per hour of the week.
            Map<String, Integer> rowsPerAreaHour = new HashMap<>();
            Set<Long> hours = new TreeSet<>();
            try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(TableIdentifier.of(namespace, GovTables.STABILITY_HOURLY)))
                    .select("area_code", "hour_start").build()) {
                for (Record row : rows) {
                    long hour = ((OffsetDateTime) row.getField("hour_start")).toInstant().toEpochMilli();
                    hours.add(hour);
                    rowsPerAreaHour.merge(row.getField("area_code") + "@" + hour, 1, Integer::sum);
                }
            }
            AreaRegistry areas = AreaRegistry.loadDefault();
            long populated = areas.atLevel(AreaLevel.COMMUNITY).stream().filter(a -> a.population() > 0).count()
                    + areas.atLevel(AreaLevel.STREET).stream().filter(a -> a.population() > 0).count();
            assertEquals(7 * 24, hours.size(), "every hour of the seven days");
            assertEquals(populated * hours.size(), rowsPerAreaHour.size(), "every area in every hour: areas x hours");
            assertTrue(rowsPerAreaHour.values().stream().allMatch(n -> n == 1), "one row per area and hour (upserted)");
            GovCatalog.dropNamespace(catalog, namespace);
        }
    }

    private static Instant changedAt(Record row) {
        return ((OffsetDateTime) row.getField("changed_at")).toInstant();
    }
}
