package cn.dalian.governance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code platform false-alarms} on a small city (two days, one of them warm-up) against the real Kafka and catalog. */
class FalseAlarmsCommandIT {
    @TempDir
    Path temp;

    @Test
    void reportsPerRuleTheWarningsTheJobOpenedInTheMeasuredDays() throws Exception {
        Path catalogConfig = LocalPostgres.catalogConfig();
        Path reportFile = temp.resolve("false-alarms.json");
        assertEquals(0, PlatformCli.execute("false-alarms", "--bootstrap", LocalKafka.bootstrap(), "--catalog-config", catalogConfig.toString(),
                "--seed", "71", "--start", "2026-10-13", "--warm-up-days", "1", "--days", "1", "--scale", "0.2",
                "--report", reportFile.toString(), "--keep"));

        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        String namespace = report.get("namespace").asText();
        Instant from = Instant.parse(report.get("from").asText());
        Instant to = Instant.parse(report.get("to").asText());
        assertEquals(Instant.parse("2026-10-12T16:00:00Z"), from, "the measured day starts at midnight, city time");
        assertEquals(Instant.parse("2026-10-13T16:00:00Z"), to);

        Map<String, Long> reported = new TreeMap<>();
        report.get("rules").forEach(rule -> reported.put(rule.get("rule").asText(), rule.get("opened").asLong()));
        Map<String, Long> inTable = new TreeMap<>();
        List.of("R1", "R2", "R3", "R4", "R5", "R6").forEach(rule -> inTable.put(rule, 0L));
        try (JdbcCatalog catalog = GovCatalog.open(CatalogSettings.load(catalogConfig))) {
            long items = 0;
            try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(TableIdentifier.of(namespace, GovTables.ITEM_EVENT))).build()) {
                for (Record ignored : rows) {
                    items++;
                }
            }
            assertTrue(items > 5000, "two days of a fifth of the city went through ingest: " + items);
            try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(TableIdentifier.of(namespace, GovTables.WARNING))).build()) {
                for (Record row : rows) {
                    Instant changedAt = ((OffsetDateTime) row.getField("changed_at")).toInstant();
                    if ("OPENED".equals(row.getField("status")) && !changedAt.isBefore(from) && changedAt.isBefore(to)) {
                        inTable.merge((String) row.getField("rule"), 1L, Long::sum);
                    }
                }
            }
            GovCatalog.dropNamespace(catalog, namespace);
        }
        assertEquals(inTable, reported, "warnings opened per rule: the report against gov.warning");
        assertTrue(report.get("table").asText().contains("R5"), report.get("table").asText());
    }

    @Test
    void aMeasuredPeriodOfNoDaysIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = PlatformCli.execute("false-alarms", "--bootstrap", "127.0.0.1:1", "--days", "0");
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--days must be at least 1"), err.toString(StandardCharsets.UTF_8));
    }
}
