package cn.dalian.governance.reference;

import cn.dalian.governance.avro.AreaLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static cn.dalian.governance.reference.ReferenceFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AreaRegistryTest
{
    private static final Map<String, String> REAL_DISTRICTS = Map.of(
            "210202", "中山区", "210203", "西岗区", "210204", "沙河口区", "210211", "甘井子区", "210212", "旅顺口区",
            "210213", "金州区", "210214", "普兰店区", "210224", "长海县", "210281", "瓦房店市", "210283", "庄河市");

    private static AreaRegistry shipped;

    @BeforeAll
    static void loadShipped()
    {
        shipped = AreaRegistry.loadDefault();
    }

    @Test
    void loadsShippedRegistryWithTenRealDistricts()
    {
        Area city = shipped.get("210200");
        assertEquals("大连市", city.nameZh());
        assertEquals(AreaLevel.CITY, city.level());
        assertNull(city.parentCode());
        assertSame(city, shipped.city());

        List<Area> districts = shipped.atLevel(AreaLevel.DISTRICT);
        assertEquals(REAL_DISTRICTS, districts.stream().collect(Collectors.toMap(Area::code, Area::nameZh)));
        assertEquals(districts, shipped.children("210200"));
        for (Area district : districts) {
            assertEquals("210200", district.parentCode());
            assertTrue(district.official(), district.code());
        }
        // only the city and the districts are official; everything below is illustrative
        for (Area area : shipped.all()) {
            assertEquals(area.level() == AreaLevel.CITY || area.level() == AreaLevel.DISTRICT, area.official(), area.code());
        }
    }

    @Test
    void shippedRegistryMeetsScale()
    {
        assertTrue(shipped.atLevel(AreaLevel.STREET).size() >= 60, "streets");
        assertTrue(shipped.atLevel(AreaLevel.COMMUNITY).size() >= 600, "communities");
        assertTrue(shipped.atLevel(AreaLevel.GRID).size() >= 3000, "grids");
        long population = shipped.population("210200");
        assertTrue(population >= 7_400_000 && population <= 7_600_000, "population " + population);
        for (Area district : shipped.atLevel(AreaLevel.DISTRICT)) {
            assertTrue(district.population() > 0, district.code());
            assertFalse(shipped.children(district.code()).isEmpty(), district.code());
        }
        assertTrue(shipped.population("210211") > shipped.population("210202"), "甘井子 is larger than 中山");
    }

    @Test
    void higherLevelPopulationsAreSumsOfCommunities()
    {
        long communities = shipped.atLevel(AreaLevel.COMMUNITY).stream().mapToLong(Area::population).sum();
        assertEquals(communities, shipped.population("210200"));
        long districts = shipped.atLevel(AreaLevel.DISTRICT).stream().mapToLong(Area::population).sum();
        assertEquals(communities, districts);
        for (Area street : shipped.atLevel(AreaLevel.STREET)) {
            long sum = shipped.children(street.code()).stream().mapToLong(Area::population).sum();
            assertEquals(sum, street.population(), street.code());
        }
        for (Area grid : shipped.atLevel(AreaLevel.GRID)) {
            assertEquals(0, grid.population(), grid.code());
        }
    }

    @Test
    void everyGridResolvesToItsCityThroughFourLevels()
    {
        Area city = shipped.city();
        for (Area grid : shipped.atLevel(AreaLevel.GRID)) {
            Area community = shipped.get(grid.parentCode());
            Area street = shipped.get(community.parentCode());
            Area district = shipped.get(street.parentCode());
            assertEquals(AreaLevel.COMMUNITY, community.level());
            assertEquals(AreaLevel.STREET, street.level());
            assertEquals(AreaLevel.DISTRICT, district.level());
            assertSame(city, shipped.get(district.parentCode()));
            assertSame(community, shipped.ancestor(grid, AreaLevel.COMMUNITY));
            assertSame(street, shipped.ancestor(grid, AreaLevel.STREET));
            assertSame(district, shipped.ancestor(grid, AreaLevel.DISTRICT));
            assertSame(city, shipped.ancestor(grid, AreaLevel.CITY));
            assertSame(grid, shipped.ancestor(grid, AreaLevel.GRID));
            assertTrue(grid.code().startsWith(community.code()));
            assertTrue(grid.gridStaff() >= 1 && grid.gridStaff() <= 4, grid.code());
        }
    }

    @Test
    void ancestorRejectsALevelBelowTheArea()
    {
        Area street = shipped.atLevel(AreaLevel.STREET).get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shipped.ancestor(street, AreaLevel.GRID));
        assertTrue(e.getMessage().contains(street.code()), e.getMessage());
    }

    @Test
    void getNamesTheUnknownCode()
    {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shipped.get("210299"));
        assertTrue(e.getMessage().contains("210299"), e.getMessage());
        assertTrue(shipped.find("210299").isEmpty());
        assertTrue(shipped.find("210202").isPresent());
    }

    @Test
    void communitiesCarryCoordinatesAndUrbanFlagAndGridsCarryType()
    {
        Set<String> coordinates = new HashSet<>();
        for (Area community : shipped.atLevel(AreaLevel.COMMUNITY)) {
            assertTrue(community.latitude() > 38.5 && community.latitude() < 40.2, community.toString());
            assertTrue(community.longitude() > 120.9 && community.longitude() < 123.5, community.toString());
            assertTrue(coordinates.add(community.latitude() + "," + community.longitude()), "unique coordinates " + community);
            assertEquals(community.nameZh().endsWith("社区"), community.urban(), community.toString());
            assertTrue(community.nameZh().endsWith("社区") || community.nameZh().endsWith("村"), community.toString());
        }
        List<Area> grids = shipped.atLevel(AreaLevel.GRID);
        long comprehensive = grids.stream().filter(grid -> grid.gridType() == GridType.COMPREHENSIVE).count();
        double share = (double) comprehensive / grids.size();
        assertTrue(share > 0.8 && share < 0.92, "comprehensive share " + share);
        for (GridType type : GridType.values()) {
            assertTrue(grids.stream().anyMatch(grid -> grid.gridType() == type), type.name());
        }
        for (Area area : shipped.all()) {
            if (area.level() != AreaLevel.GRID) {
                assertNull(area.gridType(), area.code());
            }
            if (area.level() != AreaLevel.COMMUNITY) {
                assertNull(area.urban(), area.code());
                assertNull(area.latitude(), area.code());
            }
        }
    }

    @Test
    void shippedFileIsInHierarchyAndCodeOrder()
            throws Exception
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                AreaRegistry.class.getResourceAsStream(AreaRegistry.DEFAULT_RESOURCE), StandardCharsets.UTF_8))) {
            List<String> codes = reader.lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).collect(Collectors.toList());
            // child codes extend their parent's code, so code order is the depth-first order city, district, its streets, ...
            for (int i = 1; i < codes.size(); i++) {
                assertTrue(codes.get(i - 1).compareTo(codes.get(i)) < 0, "line " + (i + 2) + ": " + codes.get(i));
            }
            assertEquals("210200", codes.get(0));
            assertEquals(shipped.size(), codes.size());
        }
        List<Area> children = shipped.children("210211");
        for (int i = 1; i < children.size(); i++) {
            assertTrue(children.get(i - 1).code().compareTo(children.get(i).code()) < 0);
        }
    }

    @Test
    void nearestCommunityFindsTheCommunityAtItsOwnCoordinates()
    {
        for (Area community : shipped.atLevel(AreaLevel.COMMUNITY)) {
            assertSame(community, shipped.nearestCommunity(community.latitude(), community.longitude()), community.code());
        }
        // a point in the sea off 老虎滩 still maps to a 中山区 community
        Area nearest = shipped.nearestCommunity(38.87, 121.68);
        assertEquals("210202", shipped.ancestor(nearest, AreaLevel.DISTRICT).code());
        assertThrows(IllegalArgumentException.class, () -> shipped.nearestCommunity(91, 121));
    }

    @Test
    void everyCommunityIsNamedByItsOwnAddressAndNoOther()
    {
        for (Area community : shipped.atLevel(AreaLevel.COMMUNITY)) {
            Area street = shipped.get(community.parentCode());
            String address = "大连市" + shipped.get(street.parentCode()).nameZh() + street.nameZh() + community.nameZh() + "7号楼2单元";
            assertEquals(Optional.of(community), shipped.communityNamedIn(address), address);
        }
        assertEquals(Optional.empty(), shipped.communityNamedIn("春泉社区7号"), "a community name alone names no street");
        assertEquals(Optional.empty(), shipped.communityNamedIn("上海市黄浦区南京东路1号"));
    }

    @Test
    void haversineDistanceIsRight()
    {
        // 大连站 to 旅顺口 centre: about 34 km
        double km = AreaRegistry.haversineKm(38.9214, 121.6251, 38.8121, 121.2607);
        assertTrue(km > 30 && km < 36, "km " + km);
        assertEquals(0.0, AreaRegistry.haversineKm(38.9, 121.6, 38.9, 121.6));
    }

    @Test
    void parsesQuotedFieldsCrLfAndByteOrderMark()
    {
        AreaRegistry registry = AreaRegistry.load(fixture("areas/valid-quoted-crlf.csv"));
        assertEquals(6, registry.size());
        assertEquals(19990, registry.population("210200"));
        assertEquals(19990, registry.population("210202001"));
        assertEquals(11990, registry.population("210202001001"));
        Area grid = registry.get("210202001001001");
        assertEquals(GridType.COMPREHENSIVE, grid.gridType());
        assertEquals(3, grid.gridStaff());
        assertEquals(List.of(grid), registry.children("210202001001"));
        assertEquals(List.of(), registry.children("210202001001001"));
        assertEquals("210202001002", registry.nearestCommunity(38.9, 121.66).code());
    }

    @Test
    void parseReadsFromAReader()
    {
        String csv = String.join("\n", AreaRegistry.HEADER.stream().collect(Collectors.joining(",")),
                "210200,CITY,,大连市,Dalian,,,,,,,true",
                "210202,DISTRICT,210200,中山区,Zhongshan District,,,,,,,true") + "\n\n";
        AreaRegistry registry = AreaRegistry.parse("inline", new StringReader(csv));
        assertEquals(0, registry.population("210202"));
        assertEquals(List.of(registry.get("210202")), registry.atLevel(AreaLevel.DISTRICT));
    }

    static Stream<Arguments> brokenRegistries()
    {
        return Stream.of(
                Arguments.of("wrong-column-count", 4, "expected 12 columns but found 13"),
                Arguments.of("quoted-comma", 4, "column name_en contains a comma"),
                Arguments.of("unterminated-quote", 5, "unterminated quoted field"),
                Arguments.of("unknown-level", 4, "unknown level 'TOWNSHIP'"),
                Arguments.of("duplicate-code", 7, "duplicate code 210202001001001 (first on line 6)"),
                Arguments.of("bad-code-shape", 5, "code 21020200100 must be 12 digits for COMMUNITY"),
                Arguments.of("code-not-under-parent", 6, "does not start with its parent code 210202001001"),
                Arguments.of("missing-parent", 6, "parent 210202001009 of 210202001009001 not found"),
                Arguments.of("parent-of-wrong-level", 4, "is a DISTRICT, expected a CITY"),
                Arguments.of("negative-population", 5, "population must be a non-negative integer, was '-5'"),
                Arguments.of("non-numeric-population", 5, "population must be a non-negative integer, was '12k'"),
                Arguments.of("population-on-street", 4, "population must be empty on STREET"),
                Arguments.of("missing-latitude", 5, "missing latitude on COMMUNITY"),
                Arguments.of("latitude-out-of-range", 5, "latitude out of range"),
                Arguments.of("bad-grid-type", 6, "unknown grid_type 'PARK'"),
                Arguments.of("zero-grid-staff", 6, "grid_staff must be an integer of at least 1, was '0'"),
                Arguments.of("bad-boolean", 5, "urban must be true or false, was 'yes'"),
                Arguments.of("bad-header", 1, "header must be 'code,level,parent_code,"),
                Arguments.of("missing-header", 1, "header must be"),
                Arguments.of("empty", 1, "missing header line"),
                Arguments.of("blank-line-in-middle", 4, "blank line before more data"),
                Arguments.of("no-city", 0, "no CITY row"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRegistries")
    void rejectsBrokenRowWithFileLineAndReason(String name, int line, String reason)
    {
        Path file = fixture("areas/" + name + ".csv");
        ReferenceDataException e = assertThrows(ReferenceDataException.class, () -> AreaRegistry.load(file));
        assertEquals(file.toString(), e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
        assertEquals(file + ":" + line + ": " + e.reason(), e.getMessage());
    }
}
