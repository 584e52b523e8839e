package cn.dalian.governance.publication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.evaluation.EvaluationConfig;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.testing.LocalKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files of a publication from given rows, and the SQL publish runs, without a server. */
class PublicationFilesTest {
    private static final Path SQL = LocalKafka.repoRoot().resolve("sql");
    private static final PublishedColumns COLUMNS = PublishedColumns.load(SQL.resolve("publication-queries/columns.tsv"));

    private static Dataset parameters() {
        return new Dataset("evaluation_parameters", List.of("period", "parameter", "value"),
                List.of(List.of("2026-10", "lists.size", 5.0), List.of("2026-10", "weight.return-rate", 0.05)));
    }

    @Test
    void csvHasABomBilingualHeadersCrlfAndSuppressedCountsAsLessThanFive() {
        Dataset areas = new Dataset("evaluation_area", List.of("area_name_en", "volume", "satisfaction_rate_pct", "below_min_satisfaction"),
                Arrays.asList(Arrays.asList("Renmin Road, \"New\" Subdistrict", 12L, new BigDecimal("93.0"), true), Arrays.asList("Small", null, null, null)));
        byte[] csv = PublicationFiles.csv(areas, COLUMNS, 5);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
        assertEquals("area_name_en 区域英文名称,volume 受理总量,satisfaction_rate_pct 满意率(%),below_min_satisfaction 低于满意度底线\r\n"
                + "\"Renmin Road, \"\"New\"\" Subdistrict\",12,93.0,true\r\n"
                + "Small,<5,,\r\n", new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8));
    }

    @Test
    void jsonListsBothLabelsAndWritesNumbersPlainly() {
        String json = new String(PublicationFiles.json("2026-10", parameters(), COLUMNS, 5), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"header\": \"value 取值\""), json);
        assertTrue(json.contains("\"value\": 5\n"), json);
        assertTrue(json.contains("\"value\": 0.05\n"), json);
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void theSameRowsGiveTheSameBytes() {
        Dataset topics = new Dataset("evaluation_hot_topic", List.of("area_level", "matter_group", "matter_group_zh", "items", "previous_items", "growth_rate_pct",
                "hot"), List.of(List.of("CITY", "DISPUTE", "矛盾纠纷", 40L, 30L, new BigDecimal("33.3"), true)));
        for (Dataset dataset : List.of(topics, parameters())) {
            assertArrayEquals(PublicationFiles.csv(dataset, COLUMNS, 5), PublicationFiles.csv(dataset, COLUMNS, 5));
            assertArrayEquals(PublicationFiles.json("2026-10", dataset, COLUMNS, 5), PublicationFiles.json("2026-10", dataset, COLUMNS, 5));
        }
    }

    @Test
    void aPublishedColumnWithoutALineInColumnsTsvIsRefused() {
        Dataset unknown = new Dataset("evaluation_area", List.of("caller_phone"), List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PublicationFiles.csv(unknown, COLUMNS, 5));
        assertTrue(e.getMessage().startsWith("published column 'caller_phone' has no line in"), e.getMessage());
    }

    @Test
    void publishPinsEveryTableOfTheViewAndTheViewItselfIsCreatedUnpinned() {
        assertEquals(List.of("eval_score"), PublicationQueries.tables(SQL, "evaluation_area"));
        assertEquals(List.of("eval_topic"), PublicationQueries.tables(SQL, "evaluation_hot_topic"));
        String sql = PublicationQueries.query(SQL, "evaluation_area", "2026-10", Map.of("eval_score", 42L), 5, Schemas.of("gov_x", "x"));
        assertTrue(sql.contains("FROM iceberg.gov_x.eval_score FOR VERSION AS OF 42 s"), sql);
        assertTrue(sql.contains("WHERE period = '2026-10'"), sql);
        assertTrue(sql.contains("CASE WHEN s.volume >= 5 THEN s.volume END AS volume"), sql);
        assertTrue(!sql.contains("${"), sql);
        assertThrows(IllegalArgumentException.class, () -> PublicationQueries.query(SQL, "evaluation_area", "2026-10", Map.of(), 5, Schemas.PLATFORM));
        Map<String, String> values = PublicationQueries.viewValues(EvaluationConfig.loadDefault());
        assertEquals("", values.get("eval_score_version"));
        assertEquals("5", values.get("min_count"));
    }
}
