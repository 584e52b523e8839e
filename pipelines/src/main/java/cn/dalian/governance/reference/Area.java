package cn.dalian.governance.reference;

import cn.dalian.governance.avro.AreaLevel;

import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * One area of the hierarchy: the city, a district (区(市)县), a street or township (乡镇(街道)),
 * a community or village (城乡社区) or a grid (网格).
 *
 * <p>Which optional attributes are present depends on the level: {@code urban}, {@code latitude}
 * and {@code longitude} only on communities, {@code gridType} and a positive {@code gridStaff}
 * only on grids. {@code population} is the community's own figure, the sum over the communities
 * below for higher levels, and 0 for grids (residents belong to their community).
 */
public final class Area
{
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

    public Area(
            String code,
            AreaLevel level,
            String parentCode,
            String nameZh,
            String nameEn,
            long population,
            Boolean urban,
            GridType gridType,
            int gridStaff,
            Double latitude,
            Double longitude,
            boolean official)
    {
        this.code = requireNonNull(code, "code is null");
        this.level = requireNonNull(level, "level is null");
        this.nameZh = requireNonNull(nameZh, "nameZh is null");
        this.nameEn = requireNonNull(nameEn, "nameEn is null");
        if (!isValidCode(code, level)) {
            throw new IllegalArgumentException("code " + code + " is not " + codeLength(level) + " digits as required for " + level);
        }
        if (nameZh.isBlank() || nameEn.isBlank()) {
            throw new IllegalArgumentException("area " + code + " has a blank name");
        }
        if ((level == AreaLevel.CITY) != (parentCode == null)) {
            throw new IllegalArgumentException("area " + code + ": only the city has no parent");
        }
        if (parentCode != null && !isValidCode(parentCode, parentLevel(level))) {
            throw new IllegalArgumentException("area " + code + ": parent code " + parentCode + " is not a " + parentLevel(level) + " code");
        }
        this.parentCode = parentCode;
        if (population < 0) {
            throw new IllegalArgumentException("area " + code + ": population is negative: " + population);
        }
        if (level == AreaLevel.GRID && population != 0) {
            throw new IllegalArgumentException("grid " + code + ": population must be 0, residents belong to the community");
        }
        this.population = population;
        boolean community = level == AreaLevel.COMMUNITY;
        boolean grid = level == AreaLevel.GRID;
        if (community != (urban != null)) {
            throw new IllegalArgumentException("area " + code + ": urban must be set on communities and only there");
        }
        this.urban = urban;
        if (grid != (gridType != null)) {
            throw new IllegalArgumentException("area " + code + ": grid type must be set on grids and only there");
        }
        this.gridType = gridType;
        if (grid ? gridStaff < 1 : gridStaff != 0) {
            throw new IllegalArgumentException("area " + code + ": grid staff must be at least 1 on grids and 0 elsewhere, was " + gridStaff);
        }
        this.gridStaff = gridStaff;
        if (community != (latitude != null) || community != (longitude != null)) {
            throw new IllegalArgumentException("area " + code + ": latitude and longitude must be set on communities and only there");
        }
        if (community && !validLatitude(latitude)) {
            throw new IllegalArgumentException("area " + code + ": latitude out of range: " + latitude);
        }
        if (community && !validLongitude(longitude)) {
            throw new IllegalArgumentException("area " + code + ": longitude out of range: " + longitude);
        }
        this.latitude = latitude;
        this.longitude = longitude;
        this.official = official;
    }

    /** Number of digits of a code at the given level: 6 for city and district, 9, 12 and 15 below. */
    public static int codeLength(AreaLevel level)
    {
        switch (requireNonNull(level, "level is null")) {
            case CITY:
            case DISTRICT:
                return 6;
            case STREET:
                return 9;
            case COMMUNITY:
                return 12;
            case GRID:
                return 15;
        }
        throw new IllegalArgumentException("unknown level " + level);
    }

    /** The level directly above, e.g. STREET for COMMUNITY; the city has none. */
    public static AreaLevel parentLevel(AreaLevel level)
    {
        if (requireNonNull(level, "level is null") == AreaLevel.CITY) {
            throw new IllegalArgumentException("the city has no parent level");
        }
        return AreaLevel.values()[level.ordinal() - 1];
    }

    static boolean isValidCode(String code, AreaLevel level)
    {
        if (code.length() != codeLength(level)) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code latitude} is a latitude in degrees (NaN is not). */
    public static boolean validLatitude(double latitude)
    {
        return latitude >= -90 && latitude <= 90;
    }

    /** Whether {@code longitude} is a longitude in degrees (NaN is not). */
    public static boolean validLongitude(double longitude)
    {
        return longitude >= -180 && longitude <= 180;
    }

    public String code()
    {
        return code;
    }

    public AreaLevel level()
    {
        return level;
    }

    /** Code of the parent area, null for the city. */
    public String parentCode()
    {
        return parentCode;
    }

    public String nameZh()
    {
        return nameZh;
    }

    public String nameEn()
    {
        return nameEn;
    }

    /** Residents: the community's own figure, the sum over communities for higher levels, 0 for grids. */
    public long population()
    {
        return population;
    }

    /** Urban community (社区, true) or village (村, false); null above and below the community level. */
    public Boolean urban()
    {
        return urban;
    }

    /** Grid type; null except on grids. */
    public GridType gridType()
    {
        return gridType;
    }

    /** Grid staff assigned; 0 except on grids. */
    public int gridStaff()
    {
        return gridStaff;
    }

    /** WGS84 latitude of the community; null on other levels. */
    public Double latitude()
    {
        return latitude;
    }

    /** WGS84 longitude of the community; null on other levels. */
    public Double longitude()
    {
        return longitude;
    }

    /** True when the code and name are the official administrative division, false when illustrative. */
    public boolean official()
    {
        return official;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        Area that = (Area) o;
        return population == that.population &&
                gridStaff == that.gridStaff &&
                official == that.official &&
                code.equals(that.code) &&
                level == that.level &&
                Objects.equals(parentCode, that.parentCode) &&
                nameZh.equals(that.nameZh) &&
                nameEn.equals(that.nameEn) &&
                Objects.equals(urban, that.urban) &&
                gridType == that.gridType &&
                Objects.equals(latitude, that.latitude) &&
                Objects.equals(longitude, that.longitude);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(code, level, parentCode, nameZh, nameEn, population, urban, gridType, gridStaff, latitude, longitude, official);
    }

    @Override
    public String toString()
    {
        StringBuilder builder = new StringBuilder("Area{")
                .append("code=").append(code)
                .append(", level=").append(level)
                .append(", parentCode=").append(parentCode)
                .append(", nameZh=").append(nameZh)
                .append(", nameEn=").append(nameEn)
                .append(", population=").append(population);
        if (urban != null) {
            builder.append(", urban=").append(urban);
        }
        if (gridType != null) {
            builder.append(", gridType=").append(gridType).append(", gridStaff=").append(gridStaff);
        }
        if (latitude != null) {
            builder.append(", latitude=").append(latitude).append(", longitude=").append(longitude);
        }
        return builder.append(", official=").append(official).append('}').toString();
    }
}
