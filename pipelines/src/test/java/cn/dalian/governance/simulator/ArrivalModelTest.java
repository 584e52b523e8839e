package cn.dalian.governance.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.avro.MatterGroup;
import java.time.DayOfWeek;
import org.junit.jupiter.api.Test;

/** The arrival rates: proportional to population, daily and weekly cycles that differ by feed and matter group. */
class ArrivalModelTest {
    private static final long PEOPLE = 10_000;

    @Test
    void ratesAreProportionalToPopulationAndLowerInRuralCommunities() {
        for (MatterGroup group : MatterGroup.values()) {
            double one = ArrivalModel.gridPerHour(group, PEOPLE, true, 10, DayOfWeek.TUESDAY);
            assertEquals(3 * one, ArrivalModel.gridPerHour(group, 3 * PEOPLE, true, 10, DayOfWeek.TUESDAY), 1e-9, group.name());
            assertTrue(ArrivalModel.gridPerHour(group, PEOPLE, false, 10, DayOfWeek.TUESDAY) < one, group.name());
            double hotline = ArrivalModel.hotlinePerHour(group, PEOPLE, true, 10, DayOfWeek.TUESDAY);
            assertEquals(3 * hotline, ArrivalModel.hotlinePerHour(group, 3 * PEOPLE, true, 10, DayOfWeek.TUESDAY), 1e-9, group.name());
        }
        assertEquals(3 * ArrivalModel.policePerHour(PEOPLE, true, 21, DayOfWeek.FRIDAY), ArrivalModel.policePerHour(3 * PEOPLE, true, 21, DayOfWeek.FRIDAY), 1e-9);
    }

    @Test
    void aDayOfEachGroupAddsUpToItsDailyRate() {
        for (MatterGroup group : MatterGroup.values()) {
            double day = 0;
            for (int hour = 0; hour < 24; hour++) {
                day += ArrivalModel.gridPerHour(group, PEOPLE, true, hour, DayOfWeek.WEDNESDAY);
            }
            assertTrue(day > 0.04 && day < 3, group + ": " + day + " grid items per 10 000 residents on a weekday");
        }
    }

    @Test
    void dailyCyclesDifferByMatterGroup() {
        // Sanitation is found on the morning rounds, disputes are reported in the evening.
        assertTrue(peakHour(MatterGroup.SANITATION_CITYSCAPE) >= 8 && peakHour(MatterGroup.SANITATION_CITYSCAPE) <= 15);
        assertTrue(peakHour(MatterGroup.DISPUTE) >= 18);
        double night = ArrivalModel.gridPerHour(MatterGroup.EMERGENCY, PEOPLE, true, 3, DayOfWeek.MONDAY);
        assertEquals(night, ArrivalModel.gridPerHour(MatterGroup.EMERGENCY, PEOPLE, true, 15, DayOfWeek.MONDAY), 1e-12, "emergencies at any hour");
        assertTrue(ArrivalModel.hotlinePerHour(MatterGroup.PUBLIC_FACILITIES, PEOPLE, true, 10, DayOfWeek.MONDAY)
                > 3 * ArrivalModel.hotlinePerHour(MatterGroup.PUBLIC_FACILITIES, PEOPLE, true, 3, DayOfWeek.MONDAY), "hotline office hours");
    }

    @Test
    void weeklyCyclesDifferByMatterGroup() {
        assertTrue(ArrivalModel.gridPerHour(MatterGroup.SANITATION_CITYSCAPE, PEOPLE, true, 10, DayOfWeek.SATURDAY)
                < ArrivalModel.gridPerHour(MatterGroup.SANITATION_CITYSCAPE, PEOPLE, true, 10, DayOfWeek.FRIDAY), "fewer rounds at weekends");
        assertTrue(ArrivalModel.gridPerHour(MatterGroup.DISPUTE, PEOPLE, true, 20, DayOfWeek.SUNDAY)
                > ArrivalModel.gridPerHour(MatterGroup.DISPUTE, PEOPLE, true, 20, DayOfWeek.THURSDAY), "neighbours at home at weekends");
        assertTrue(ArrivalModel.hotlinePerHour(MatterGroup.DISPUTE, PEOPLE, true, 20, DayOfWeek.SUNDAY)
                > ArrivalModel.hotlinePerHour(MatterGroup.DISPUTE, PEOPLE, true, 20, DayOfWeek.THURSDAY));
        assertTrue(ArrivalModel.hotlinePerHour(MatterGroup.LIVELIHOOD_VULNERABLE, PEOPLE, true, 10, DayOfWeek.SUNDAY)
                < ArrivalModel.hotlinePerHour(MatterGroup.LIVELIHOOD_VULNERABLE, PEOPLE, true, 10, DayOfWeek.THURSDAY));
        assertTrue(ArrivalModel.policePerHour(PEOPLE, true, 22, DayOfWeek.SATURDAY) > ArrivalModel.policePerHour(PEOPLE, true, 22, DayOfWeek.TUESDAY));
    }

    private static int peakHour(MatterGroup group) {
        int peak = 0;
        for (int hour = 1; hour < 24; hour++) {
            if (ArrivalModel.gridPerHour(group, PEOPLE, true, hour, DayOfWeek.TUESDAY) > ArrivalModel.gridPerHour(group, PEOPLE, true, peak, DayOfWeek.TUESDAY)) {
                peak = hour;
            }
        }
        return peak;
    }
}
