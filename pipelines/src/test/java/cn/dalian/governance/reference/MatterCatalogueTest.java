package cn.dalian.governance.reference;

import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.Urgency;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static cn.dalian.governance.reference.ReferenceFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatterCatalogueTest
{
    private static final LocalDate REGULATION_DATE = LocalDate.of(2024, 7, 1);

    private static MatterCatalogue shipped;

    @BeforeAll
    static void loadShipped()
    {
        shipped = MatterCatalogue.loadDefault();
    }

    @Test
    void shippedCatalogueCoversEveryGroup()
    {
        assertTrue(shipped.codes().size() >= 40, "codes " + shipped.codes().size());
        Map<MatterGroup, Long> perGroup = shipped.currentOn(REGULATION_DATE).stream()
                .collect(Collectors.groupingBy(Matter::group, Collectors.counting()));
        for (MatterGroup group : MatterGroup.values()) {
            assertTrue(perGroup.getOrDefault(group, 0L) >= 4, group + " has " + perGroup.get(group));
        }
        // every code is in force from the regulation's date on
        assertEquals(shipped.codes().size(), shipped.currentOn(REGULATION_DATE).size());
        assertEquals(shipped.codes().size(), shipped.currentOn(LocalDate.of(2027, 1, 1)).size());
        assertTrue(shipped.currentOn(REGULATION_DATE.minusDays(1)).isEmpty());
    }

    @Test
    void shippedCatalogueListsMattersOffTheGridAndCommitteeLists()
    {
        List<Matter> current = shipped.currentOn(REGULATION_DATE);
        assertTrue(current.stream().filter(matter -> !matter.gridAdmitted()).count() >= 3, "Art. 21 off-list matters");
        assertTrue(current.stream().filter(matter -> !matter.committeeListed()).count() >= 3, "Art. 24 off-list matters");
        assertFalse(shipped.inForce("L08", REGULATION_DATE).orElseThrow().gridAdmitted(), "tax collection assistance");
    }

    @Test
    void shippedSlasAreWithinRealisticBounds()
    {
        for (Matter matter : shipped.all()) {
            assertBetween(matter, matter.dispatchWithin(Urgency.EMERGENCY), 0.5, 1);
            assertBetween(matter, matter.resolveWithin(Urgency.EMERGENCY), 4, 24);
            assertBetween(matter, matter.dispatchWithin(Urgency.NORMAL), 2, 24);
            assertBetween(matter, matter.resolveWithin(Urgency.NORMAL), 72, 360);
            assertTrue(matter.dispatchWithin(Urgency.EMERGENCY).compareTo(matter.dispatchWithin(Urgency.URGENT)) <= 0, matter.toString());
            assertTrue(matter.dispatchWithin(Urgency.URGENT).compareTo(matter.dispatchWithin(Urgency.NORMAL)) <= 0, matter.toString());
            assertTrue(matter.resolveWithin(Urgency.URGENT).compareTo(matter.resolveWithin(Urgency.NORMAL)) <= 0, matter.toString());
        }
        assertEquals(Duration.ofMinutes(30), shipped.inForce("D01", REGULATION_DATE).orElseThrow().dispatchWithin(Urgency.EMERGENCY));
    }

    @Test
    void firstVersionsStartOnTheRegulationDate()
    {
        for (String code : shipped.codes()) {
            List<Matter> versions = shipped.versions(code);
            assertEquals(1, versions.get(0).version(), code);
            assertEquals(REGULATION_DATE, versions.get(0).effectiveFrom(), code);
        }
        assertTrue(shipped.versions("X99").isEmpty());
        assertTrue(shipped.inForce("X99", REGULATION_DATE).isEmpty());
    }

    @Test
    void matterInForceChangesOnEffectiveDate()
    {
        Matter before = shipped.inForce("L07", LocalDate.of(2026, 6, 30)).orElseThrow();
        Matter after = shipped.inForce("L07", LocalDate.of(2026, 7, 1)).orElseThrow();
        assertEquals(1, before.version());
        assertTrue(before.gridAdmitted());
        assertEquals(2, after.version());
        assertFalse(after.gridAdmitted());
        assertEquals(List.of(before, after), shipped.versions("L07"));
        assertTrue(before.inForceOn(LocalDate.of(2026, 6, 30)));
        assertFalse(before.inForceOn(LocalDate.of(2026, 7, 1)));
        assertEquals(LocalDate.of(2026, 7, 1), before.effectiveTo());
        assertEquals(null, after.effectiveTo());
    }

    @Test
    void slaVersionChangesResolveHours()
    {
        Matter v1 = shipped.inForce("D03", LocalDate.of(2024, 12, 31)).orElseThrow();
        Matter v2 = shipped.inForce("D03", LocalDate.of(2025, 1, 1)).orElseThrow();
        assertEquals(Duration.ofHours(360), v1.resolveWithin(Urgency.NORMAL));
        assertEquals(Duration.ofHours(168), v2.resolveWithin(Urgency.NORMAL));
        assertEquals(v1.gridAdmitted(), v2.gridAdmitted());
    }

    @Test
    void inForceAtInstantTakesTheDayInShanghai()
    {
        // 2026-06-30T16:30Z is 2026-07-01 00:30 in Shanghai
        assertEquals(2, shipped.inForce("L07", Instant.parse("2026-06-30T16:30:00Z")).orElseThrow().version());
        assertEquals(1, shipped.inForce("L07", Instant.parse("2026-06-30T15:59:59Z")).orElseThrow().version());
        assertEquals(Optional.empty(), shipped.inForce("L07", Instant.parse("2024-06-30T15:59:59Z")));
    }

    @Test
    void loadsSmallCatalogueFromFile()
    {
        MatterCatalogue catalogue = MatterCatalogue.load(fixture("matters/valid.csv"));
        assertEquals(List.of("D01", "L07"), List.copyOf(catalogue.codes()));
        assertEquals(3, catalogue.all().size());
        Matter d01 = catalogue.inForce("D01", LocalDate.of(2030, 1, 1)).orElseThrow();
        assertEquals("街道综治中心", d01.department());
        assertEquals(MatterGroup.DISPUTE, d01.group());
        assertEquals(new Sla(Duration.ofHours(12), Duration.ofHours(168)), d01.sla(Urgency.NORMAL));
        assertEquals(Sla.ofHours(new BigDecimal("0.5"), new BigDecimal("12")), d01.sla(Urgency.EMERGENCY));
    }

    @Test
    void matterRejectsInconsistentConstruction()
    {
        Map<Urgency, Sla> slas = new EnumMap<>(Urgency.class);
        for (Urgency urgency : Urgency.values()) {
            slas.put(urgency, new Sla(Duration.ofHours(1), Duration.ofHours(2)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Matter("X01", 1, "x", "x", MatterGroup.DISPUTE, true, true, "d",
                slas, REGULATION_DATE, REGULATION_DATE));
        slas.remove(Urgency.URGENT);
        assertThrows(NullPointerException.class, () -> new Matter("X01", 1, "x", "x", MatterGroup.DISPUTE, true, true, "d",
                slas, REGULATION_DATE, null));
        assertThrows(IllegalArgumentException.class, () -> new Sla(Duration.ofHours(2), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new Sla(Duration.ZERO, Duration.ofHours(1)));
    }

    @Test
    void rejectsOverlappingVersions()
    {
        Path file = fixture("matters/overlapping-versions.csv");
        ReferenceDataException e = assertThrows(ReferenceDataException.class, () -> MatterCatalogue.load(file));
        assertEquals(file.toString(), e.file());
        assertEquals(4, e.line());
        assertTrue(e.reason().contains("versions 1 [2024-07-01, 2026-07-01) and 2 [2026-03-01, open) of matter L07 overlap"), e.getMessage());
    }

    static Stream<Arguments> brokenCatalogues()
    {
        return Stream.of(
                Arguments.of("overlapping-versions", 4, "overlap"),
                Arguments.of("open-version-overlaps-later", 4, "versions 1 [2024-07-01, open) and 2 [2026-07-01, open) of matter L07 overlap"),
                Arguments.of("duplicate-version", 4, "duplicate version 1 of matter L07 (first on line 3)"),
                Arguments.of("versions-out-of-order", 4, "versions must increase with effective_from"),
                Arguments.of("effective-to-before-from", 3, "effective_to 2024-06-01 must be after effective_from 2024-07-01"),
                Arguments.of("unknown-group", 2, "unknown matter_group 'CONFLICT'"),
                Arguments.of("bad-boolean", 3, "grid_admitted must be true or false, was 'Y'"),
                Arguments.of("zero-hours", 2, "dispatch_hours_emergency must be a positive number of hours, was '0'"),
                Arguments.of("non-numeric-hours", 4, "dispatch_hours_urgent must be a positive number of hours, was '8h'"),
                Arguments.of("resolve-before-dispatch", 2, "resolve_hours_urgent 48 is less than dispatch_hours_urgent 72"),
                Arguments.of("bad-date", 3, "effective_from must be an ISO date"),
                Arguments.of("bad-header", 1, "header must be 'code,version,"),
                Arguments.of("wrong-column-count", 3, "expected 16 columns but found 17"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCatalogues")
    void rejectsBrokenCatalogueRowWithFileLineAndReason(String name, int line, String reason)
    {
        Path file = fixture("matters/" + name + ".csv");
        ReferenceDataException e = assertThrows(ReferenceDataException.class, () -> MatterCatalogue.load(file));
        assertEquals(file.toString(), e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
        assertEquals(file + ":" + line + ": " + e.reason(), e.getMessage());
    }

    private static void assertBetween(Matter matter, Duration duration, double minHours, double maxHours)
    {
        double hours = duration.toMillis() / 3_600_000.0;
        assertTrue(hours >= minHours && hours <= maxHours, matter.code() + " v" + matter.version() + ": " + hours + "h not in [" + minHours + ", " + maxHours + "]");
    }
}
