package cn.dalian.governance.reference;

import cn.dalian.governance.avro.AreaLevel;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The area hierarchy (DESIGN section 4): city, districts, streets/townships, communities/villages
 * and grids, read from one CSV file with the columns
 * {@code code,level,parent_code,name_zh,name_en,population,urban,grid_type,grid_staff,latitude,longitude,official}.
 *
 * <p>Loading validates every row and fails on the first problem with a
 * {@link ReferenceDataException} naming the file, the 1-based line and the reason. Populations
 * are given on communities only; higher levels get the sum over their communities.
 */
public final class AreaRegistry
{
    public static final String DEFAULT_RESOURCE = "/reference/areas.csv";
    /** Code of 大连市, the root of the hierarchy. */
    public static final String CITY_CODE = "210200";

    static final List<String> HEADER = List.of(
            "code", "level", "parent_code", "name_zh", "name_en", "population", "urban",
            "grid_type", "grid_staff", "latitude", "longitude", "official");

    private static final double EARTH_RADIUS_KM = 6371.0088;
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,3}(\\.[0-9]{1,12})?");

    private final Map<String, Area> byCode;
    private final Map<AreaLevel, List<Area>> byLevel;
    private final Map<String, List<Area>> childrenByCode;
    private final Area city;

    private AreaRegistry(List<Area> areas)
    {
        Map<String, Area> byCode = new TreeMap<>();
        for (Area area : areas) {
            byCode.put(area.code(), area);
        }
        Map<AreaLevel, List<Area>> byLevel = new EnumMap<>(AreaLevel.class);
        Map<String, List<Area>> children = new HashMap<>();
        Area city = null;
        for (AreaLevel level : AreaLevel.values()) {
            byLevel.put(level, new ArrayList<>());
        }
        for (Area area : byCode.values()) {
            byLevel.get(area.level()).add(area);
            if (area.parentCode() == null) {
                city = area;
            }
            else {
                children.computeIfAbsent(area.parentCode(), ignored -> new ArrayList<>()).add(area);
            }
        }
        byLevel.replaceAll((level, list) -> List.copyOf(list));
        children.replaceAll((code, list) -> List.copyOf(list));
        this.byCode = Collections.unmodifiableMap(byCode);
        this.byLevel = Collections.unmodifiableMap(byLevel);
        this.childrenByCode = Collections.unmodifiableMap(children);
        this.city = requireNonNull(city, "city is null");
    }

    /** Loads and validates a registry file (UTF-8). */
    public static AreaRegistry load(Path csv)
    {
        return ReferenceCsv.load(csv, AreaRegistry::parse);
    }

    /** Loads the registry shipped on the classpath at {@value #DEFAULT_RESOURCE}. */
    public static AreaRegistry loadDefault()
    {
        return ReferenceCsv.loadResource(AreaRegistry.class, DEFAULT_RESOURCE, AreaRegistry::parse);
    }

    /** Parses and validates registry CSV text; {@code sourceName} is used in error messages. */
    public static AreaRegistry parse(String sourceName, Reader reader)
    {
        return new Parser(sourceName).parse(reader);
    }

    public Optional<Area> find(String code)
    {
        return Optional.ofNullable(byCode.get(requireNonNull(code, "code is null")));
    }

    /** The area with this code; IllegalArgumentException naming the code when there is none. */
    public Area get(String code)
    {
        Area area = byCode.get(requireNonNull(code, "code is null"));
        if (area == null) {
            throw new IllegalArgumentException("Unknown area code: " + code);
        }
        return area;
    }

    public Area city()
    {
        return city;
    }

    /** All areas in code order. */
    public List<Area> all()
    {
        return List.copyOf(byCode.values());
    }

    public int size()
    {
        return byCode.size();
    }

    /** Areas of one level in code order. */
    public List<Area> atLevel(AreaLevel level)
    {
        return byLevel.get(requireNonNull(level, "level is null"));
    }

    /** Direct children of an area in code order; empty for grids. */
    public List<Area> children(String code)
    {
        get(code);
        return childrenByCode.getOrDefault(code, List.of());
    }

    /**
     * The area's ancestor at {@code level}: the area itself when it is at that level.
     * IllegalArgumentException when {@code level} lies below the area's own level.
     */
    public Area ancestor(Area area, AreaLevel level)
    {
        requireNonNull(area, "area is null");
        requireNonNull(level, "level is null");
        if (level.ordinal() > area.level().ordinal()) {
            throw new IllegalArgumentException(level + " is below the level of " + area.level() + " " + area.code());
        }
        Area current = area;
        while (current.level() != level) {
            current = get(current.parentCode());
        }
        return current;
    }

    /**
     * The community an address names (诉求地址): the one whose street name followed by its community name
     * occurs in the address, as in 中山区桃源街道桃源社区12号. Empty when no community is named, or when
     * two communities are named equally long (an address does not decide between them).
     */
    public Optional<Area> communityNamedIn(String address)
    {
        requireNonNull(address, "address is null");
        Area named = null;
        int longest = 0;
        boolean tied = false;
        for (Area community : byLevel.get(AreaLevel.COMMUNITY)) {
            String name = get(community.parentCode()).nameZh() + community.nameZh();
            if (name.length() >= longest && address.contains(name)) {
                tied = name.length() == longest;
                longest = name.length();
                named = community;
            }
        }
        return tied ? Optional.empty() : Optional.ofNullable(named);
    }

    /** The community whose coordinates are nearest by great-circle (haversine) distance; ties go to the smaller code. */
    public Area nearestCommunity(double latitude, double longitude)
    {
        if (!Area.validLatitude(latitude) || !Area.validLongitude(longitude)) {
            throw new IllegalArgumentException("Invalid coordinates: " + latitude + ", " + longitude);
        }
        Area nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (Area community : byLevel.get(AreaLevel.COMMUNITY)) {
            double distance = haversineKm(latitude, longitude, community.latitude(), community.longitude());
            if (distance < best) {
                best = distance;
                nearest = community;
            }
        }
        if (nearest == null) {
            throw new IllegalStateException("The registry has no communities");
        }
        return nearest;
    }

    /** Residents of the area: the community's own figure, the sum over communities above, 0 for a grid. */
    public long population(String code)
    {
        return get(code).population();
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2)
    {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2) +
                Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }

    @Override
    public String toString()
    {
        StringBuilder builder = new StringBuilder("AreaRegistry{");
        for (AreaLevel level : AreaLevel.values()) {
            builder.append(level).append('=').append(byLevel.get(level).size()).append(level == AreaLevel.GRID ? "" : ", ");
        }
        return builder.append('}').toString();
    }

    /** One validated row before populations are rolled up. */
    private static final class Row
    {
        private final int line;
        private final String code;
        private final AreaLevel level;
        private final String parentCode;
        private final String nameZh;
        private final String nameEn;
        private final long population;
        private final Boolean urban;
        private final GridType gridType;
        private final int gridStaff;
        private final Double latitude;
        private final Double longitude;
        private final boolean official;

        Row(int line, String code, AreaLevel level, String parentCode, String nameZh, String nameEn, long population,
                Boolean urban, GridType gridType, int gridStaff, Double latitude, Double longitude, boolean official)
        {
            this.line = line;
            this.code = code;
            this.level = level;
            this.parentCode = parentCode;
            this.nameZh = nameZh;
            this.nameEn = nameEn;
            this.population = population;
            this.urban = urban;
            this.gridType = gridType;
            this.gridStaff = gridStaff;
            this.latitude = latitude;
            this.longitude = longitude;
            this.official = official;
        }
    }

    private static final class Parser
    {
        private final String sourceName;

        Parser(String sourceName)
        {
            this.sourceName = requireNonNull(sourceName, "sourceName is null");
        }

        AreaRegistry parse(Reader reader)
        {
            Map<String, Row> rows = new LinkedHashMap<>();
            Row city = null;
            for (CsvReader.Record record : ReferenceCsv.readData(sourceName, reader, HEADER)) {
                Row row = parseRow(record);
                Row previous = rows.putIfAbsent(row.code, row);
                if (previous != null) {
                    throw fail(record.line(), "duplicate code " + row.code + " (first on line " + previous.line + ")");
                }
                if (row.level == AreaLevel.CITY) {
                    if (city != null) {
                        throw fail(record.line(), "second CITY row " + row.code + " (first on line " + city.line + ")");
                    }
                    city = row;
                }
            }
            if (city == null) {
                throw fail(0, "no CITY row");
            }
            for (Row row : rows.values()) {
                if (row.parentCode == null) {
                    continue;
                }
                Row parent = rows.get(row.parentCode);
                if (parent == null) {
                    throw fail(row.line, "parent " + row.parentCode + " of " + row.code + " not found");
                }
                AreaLevel expected = Area.parentLevel(row.level);
                if (parent.level != expected) {
                    throw fail(row.line, "parent " + row.parentCode + " of " + row.level + " " + row.code
                            + " is a " + parent.level + ", expected a " + expected);
                }
            }
            // With one city and every parent exactly one level up, each chain ends at the city;
            // walk it anyway so that a future relaxation of the checks above cannot break this invariant.
            Map<String, Long> sums = new HashMap<>();
            for (Row row : rows.values()) {
                Row current = row;
                for (int depth = 0; current.parentCode != null; depth++) {
                    if (depth > AreaLevel.values().length) {
                        throw fail(row.line, "parent chain of " + row.code + " does not reach the city");
                    }
                    current = rows.get(current.parentCode);
                    if (row.level == AreaLevel.COMMUNITY) {
                        sums.merge(current.code, row.population, Long::sum);
                    }
                }
                if (current != city) {
                    throw fail(row.line, "parent chain of " + row.code + " does not reach the city");
                }
            }
            List<Area> areas = new ArrayList<>(rows.size());
            for (Row row : rows.values()) {
                long population;
                if (row.level == AreaLevel.COMMUNITY) {
                    population = row.population;
                }
                else if (row.level == AreaLevel.GRID) {
                    population = 0;
                }
                else {
                    population = sums.getOrDefault(row.code, 0L);
                }
                try {
                    areas.add(new Area(row.code, row.level, row.parentCode, row.nameZh, row.nameEn, population,
                            row.urban, row.gridType, row.gridStaff, row.latitude, row.longitude, row.official));
                }
                catch (IllegalArgumentException e) {
                    throw fail(row.line, e.getMessage());
                }
            }
            return new AreaRegistry(areas);
        }

        private Row parseRow(CsvReader.Record record)
        {
            int line = record.line();
            String code = record.get(0);
            String levelText = record.get(1);
            String parentCode = record.get(2);
            String nameZh = record.get(3);
            String nameEn = record.get(4);

            if (code.isEmpty()) {
                throw fail(line, "missing code");
            }
            AreaLevel level;
            try {
                level = AreaLevel.valueOf(levelText);
            }
            catch (IllegalArgumentException e) {
                throw fail(line, "unknown level '" + levelText + "'");
            }
            if (!Area.isValidCode(code, level)) {
                throw fail(line, "code " + code + " must be " + Area.codeLength(level) + " digits for " + level);
            }
            if (level == AreaLevel.CITY) {
                if (!parentCode.isEmpty()) {
                    throw fail(line, "CITY " + code + " must have an empty parent_code");
                }
                parentCode = null;
            }
            else {
                if (parentCode.isEmpty()) {
                    throw fail(line, "missing parent_code for " + level + " " + code);
                }
                AreaLevel parentLevel = Area.parentLevel(level);
                if (!Area.isValidCode(parentCode, parentLevel)) {
                    throw fail(line, "parent_code " + parentCode + " must be " + Area.codeLength(parentLevel) + " digits for the " + parentLevel + " of a " + level);
                }
                if (level != AreaLevel.DISTRICT && !code.startsWith(parentCode)) {
                    throw fail(line, "code " + code + " does not start with its parent code " + parentCode);
                }
            }
            if (nameZh.isEmpty()) {
                throw fail(line, "missing name_zh");
            }
            if (nameEn.isEmpty()) {
                throw fail(line, "missing name_en");
            }

            boolean community = level == AreaLevel.COMMUNITY;
            boolean grid = level == AreaLevel.GRID;
            long population = 0;
            Boolean urban = null;
            Double latitude = null;
            Double longitude = null;
            if (community) {
                population = parsePopulation(line, record.get(5));
                urban = ReferenceCsv.parseBoolean(sourceName, record, "urban", required(line, record.get(6), "urban", level));
                latitude = parseCoordinate(line, record.get(9), "latitude", 90);
                longitude = parseCoordinate(line, record.get(10), "longitude", 180);
            }
            else {
                requireEmpty(line, record.get(5), "population", level, " (derived from communities or not applicable)");
                requireEmpty(line, record.get(6), "urban", level, "");
                requireEmpty(line, record.get(9), "latitude", level, "");
                requireEmpty(line, record.get(10), "longitude", level, "");
            }
            GridType gridType = null;
            int gridStaff = 0;
            if (grid) {
                String typeText = required(line, record.get(7), "grid_type", level);
                try {
                    gridType = GridType.valueOf(typeText);
                }
                catch (IllegalArgumentException e) {
                    throw fail(line, "unknown grid_type '" + typeText + "'");
                }
                String staffText = required(line, record.get(8), "grid_staff", level);
                try {
                    gridStaff = Integer.parseInt(staffText);
                }
                catch (NumberFormatException e) {
                    gridStaff = -1;
                }
                if (gridStaff < 1 || !staffText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw fail(line, "grid_staff must be an integer of at least 1, was '" + staffText + "'");
                }
            }
            else {
                requireEmpty(line, record.get(7), "grid_type", level, "");
                requireEmpty(line, record.get(8), "grid_staff", level, "");
            }
            boolean official = ReferenceCsv.parseBoolean(sourceName, record, "official", record.get(11));
            return new Row(line, code, level, parentCode, nameZh, nameEn, population, urban, gridType, gridStaff, latitude, longitude, official);
        }

        private long parsePopulation(int line, String text)
        {
            required(line, text, "population", AreaLevel.COMMUNITY);
            if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw fail(line, "population must be a non-negative integer, was '" + text + "'");
            }
            try {
                return Long.parseLong(text);
            }
            catch (NumberFormatException e) {
                throw fail(line, "population must be a non-negative integer, was '" + text + "'");
            }
        }

        private double parseCoordinate(int line, String text, String column, double limit)
        {
            required(line, text, column, AreaLevel.COMMUNITY);
            if (!DECIMAL.matcher(text).matches()) {
                throw fail(line, column + " must be a decimal number, was '" + text + "'");
            }
            double value = Double.parseDouble(text);
            if (!(value >= -limit && value <= limit)) {
                throw fail(line, column + " out of range [-" + (int) limit + ", " + (int) limit + "]: '" + text + "'");
            }
            return value;
        }

        private String required(int line, String value, String column, AreaLevel level)
        {
            if (value.isEmpty()) {
                throw fail(line, "missing " + column + " on " + level);
            }
            return value;
        }

        private void requireEmpty(int line, String value, String column, AreaLevel level, String why)
        {
            if (!value.isEmpty()) {
                throw fail(line, column + " must be empty on " + level + why + ", was '" + value + "'");
            }
        }

        private ReferenceDataException fail(int line, String reason)
        {
            return new ReferenceDataException(sourceName, line, reason);
        }
    }
}
