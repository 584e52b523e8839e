package cn.dalian.governance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.testing.LocalTrino;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of {@code platform bench}: every phase runs against the real services and reports its figure. */
class BenchSmokeIT {
    @TempDir
    Path temp;

    @Test
    void aSmallRunReportsEveryFigure() throws Exception {
        Path report = temp.resolve("bench.json");
        assertEquals(0, PlatformCli.execute("bench", "--bootstrap", LocalKafka.bootstrap(), "--catalog-config", LocalPostgres.catalogConfig().toString(),
                "--trino-url", LocalTrino.url(), "--scale", "0.05", "--days", "1", "--weeks", "3", "--rates", "200",
                "--latency-seconds", "6", "--query-runs", "1", "--report", report.toString()));

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        List<String> figures = new ArrayList<>();
        json.get("rows").forEach(row -> figures.add(row.get("figure").asText() + " = " + row.get("value").asText()));
        for (String expected : List.of("limit", "ingest throughput", "assess throughput", "warning latency @ 200/s", "Trino freshness",
                "ingest peak heap", "year of data", "query 01_city_stability_trend")) {
            assertTrue(figures.stream().anyMatch(figure -> figure.startsWith(expected)), expected + " in " + figures);
        }
        assertTrue(figures.stream().noneMatch(figure -> figure.endsWith("none seen")), "every live figure measured something: " + figures);
        assertTrue(json.get("machine").get("machine").asText().contains("cores"));
    }
}
