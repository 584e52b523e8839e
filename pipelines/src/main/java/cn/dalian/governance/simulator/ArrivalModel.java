package cn.dalian.governance.simulator;

import cn.dalian.governance.avro.MatterGroup;
import java.time.DayOfWeek;
import java.util.EnumMap;
import java.util.Map;

/**
 * How often things happen: expected arrivals per 10 000 residents per day for each feed and matter
 * group, shaped by a daily profile (by hour, city time) and a weekend factor, both per feed and group. The rates give a city
 * day of roughly 6 000 grid items, 5 000 hotline cases and 1 500 police signals for 7.5 million people.
 */
final class ArrivalModel {
    /** Hourly profiles, 24 relative weights each; normalised to a mean of 1 on use. */
    private static final double[] OFFICE = {0.1, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1.0, 1.8, 2.2, 2.2, 1.8, 1.2, 1.6, 2.0, 2.0, 1.8, 1.4, 0.9, 0.7, 0.6, 0.4, 0.25, 0.15};
    private static final double[] PATROL = {0.05, 0.02, 0.02, 0.02, 0.05, 0.2, 0.8, 1.6, 2.2, 2.4, 2.2, 1.5, 1.0, 1.8, 2.2, 2.1, 1.8, 1.2, 0.6, 0.3, 0.2, 0.1, 0.05, 0.05};
    private static final double[] EVENING = {0.9, 0.6, 0.4, 0.3, 0.2, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.1, 1.0, 1.0, 1.0, 1.1, 1.3, 1.5, 1.7, 1.8, 1.8, 1.5, 1.2};
    private static final double[] FLAT = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

    private static final Map<MatterGroup, Double> GRID_RATE = new EnumMap<>(MatterGroup.class);
    private static final Map<MatterGroup, Cycle> GRID_CYCLE = new EnumMap<>(MatterGroup.class);
    private static final Map<MatterGroup, Double> HOTLINE_RATE = new EnumMap<>(MatterGroup.class);
    private static final Map<MatterGroup, Cycle> HOTLINE_CYCLE = new EnumMap<>(MatterGroup.class);
    /** Police signals per 10 000 residents per day, all types together. */
    static final double POLICE_RATE = 2.0;

    static {
        GRID_RATE.put(MatterGroup.DISPUTE, 1.6);
        GRID_RATE.put(MatterGroup.SAFETY_HAZARD, 1.4);
        GRID_RATE.put(MatterGroup.PUBLIC_ORDER, 0.6);
        GRID_RATE.put(MatterGroup.SANITATION_CITYSCAPE, 2.2);
        GRID_RATE.put(MatterGroup.LIVELIHOOD_VULNERABLE, 1.2);
        GRID_RATE.put(MatterGroup.PUBLIC_FACILITIES, 1.0);
        GRID_RATE.put(MatterGroup.EMERGENCY, 0.1);
        GRID_RATE.put(MatterGroup.PETITION_SIGNAL, 0.05);
        HOTLINE_RATE.put(MatterGroup.DISPUTE, 0.9);
        HOTLINE_RATE.put(MatterGroup.SAFETY_HAZARD, 0.5);
        HOTLINE_RATE.put(MatterGroup.PUBLIC_ORDER, 0.4);
        HOTLINE_RATE.put(MatterGroup.SANITATION_CITYSCAPE, 1.6);
        HOTLINE_RATE.put(MatterGroup.LIVELIHOOD_VULNERABLE, 1.5);
        HOTLINE_RATE.put(MatterGroup.PUBLIC_FACILITIES, 1.5);
        HOTLINE_RATE.put(MatterGroup.EMERGENCY, 0.1);
        HOTLINE_RATE.put(MatterGroup.PETITION_SIGNAL, 0.1);
        // Grid workers find most matters on their daytime rounds, with fewer rounds at weekends; disputes
        // and public-order matters come from residents in the evening and at weekends, emergencies any time.
        for (MatterGroup group : MatterGroup.values()) {
            GRID_CYCLE.put(group, new Cycle(PATROL, 0.7));
            HOTLINE_CYCLE.put(group, new Cycle(OFFICE, 0.85));
        }
        GRID_CYCLE.put(MatterGroup.DISPUTE, new Cycle(EVENING, 1.1));
        GRID_CYCLE.put(MatterGroup.PUBLIC_ORDER, new Cycle(EVENING, 1.2));
        GRID_CYCLE.put(MatterGroup.EMERGENCY, new Cycle(FLAT, 1.0));
        GRID_CYCLE.put(MatterGroup.SANITATION_CITYSCAPE, new Cycle(PATROL, 0.6));
        HOTLINE_CYCLE.put(MatterGroup.PUBLIC_ORDER, new Cycle(EVENING, 1.1));
        HOTLINE_CYCLE.put(MatterGroup.DISPUTE, new Cycle(EVENING, 1.15));
        HOTLINE_CYCLE.put(MatterGroup.EMERGENCY, new Cycle(FLAT, 1.0));
        HOTLINE_CYCLE.put(MatterGroup.LIVELIHOOD_VULNERABLE, new Cycle(OFFICE, 0.7));
    }

    private ArrivalModel() {}

    /** A daily profile and the factor of a weekend day against a weekday. */
    private record Cycle(double[] daily, double weekend) {
        double factor(int hour, DayOfWeek day) {
            return normalised(daily, hour) * (isWeekend(day) ? weekend : 1.0);
        }
    }

    /** Expected new grid items of a group in one hour for a community of this population. */
    static double gridPerHour(MatterGroup group, long population, boolean urban, int hour, DayOfWeek day) {
        return GRID_RATE.get(group) * population / 10_000.0 / 24.0 * GRID_CYCLE.get(group).factor(hour, day) * (urban ? 1.0 : 0.8);
    }

    static double hotlinePerHour(MatterGroup group, long population, boolean urban, int hour, DayOfWeek day) {
        return HOTLINE_RATE.get(group) * population / 10_000.0 / 24.0 * HOTLINE_CYCLE.get(group).factor(hour, day) * (urban ? 1.0 : 0.6);
    }

    static double policePerHour(long population, boolean urban, int hour, DayOfWeek day) {
        double weekday = isWeekend(day) ? 1.2 : 1.0;
        return POLICE_RATE * population / 10_000.0 / 24.0 * normalised(EVENING, hour) * weekday * (urban ? 1.0 : 0.7);
    }

    private static boolean isWeekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    private static double normalised(double[] profile, int hour) {
        double sum = 0;
        for (double weight : profile) {
            sum += weight;
        }
        return profile[hour] * profile.length / sum;
    }
}
