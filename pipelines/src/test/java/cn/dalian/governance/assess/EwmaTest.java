package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EwmaTest {
    private static final double EXACT = 1e-12;

    @Test
    void followsTheStatedRecurrenceOnAKnownSeries() {
        // alpha 0.5, series 4, 6, 8:
        //   x1 = 4: mean = 4                                  var = 0
        //   x2 = 6: d = 6 - 4 = 2, mean = 4 + 0.5*2 = 5       var = 0.5 * (0 + 0.5*2*2) = 1
        //   x3 = 8: d = 8 - 5 = 3, mean = 5 + 0.5*3 = 6.5     var = 0.5 * (1 + 0.5*3*3) = 2.75
        Ewma first = Ewma.start(0.5).update(4);
        assertEquals(4, first.mean(), EXACT);
        assertEquals(0, first.variance(), EXACT);
        Ewma second = first.update(6);
        assertEquals(5, second.mean(), EXACT);
        assertEquals(1, second.variance(), EXACT);
        assertEquals(1, second.sigma(), EXACT);
        Ewma third = second.update(8);
        assertEquals(6.5, third.mean(), EXACT);
        assertEquals(2.75, third.variance(), EXACT);
        assertEquals(Math.sqrt(2.75), third.sigma(), EXACT);
        assertEquals(3, third.observations());
    }

    @Test
    void withTheDefaultAlphaAStepDecaysByTheFactorOneMinusAlphaPerHour() {
        // alpha 0.05: 1 then 0 for 10 hours: mean = 1 * 0.95^10
        Ewma ewma = Ewma.start(0.05).update(1);
        for (int hour = 0; hour < 10; hour++) {
            ewma = ewma.update(0);
        }
        assertEquals(Math.pow(0.95, 10), ewma.mean(), EXACT);
        assertEquals(11, ewma.observations());
    }

    @Test
    void isImmutable() {
        Ewma start = Ewma.start(0.5);
        Ewma next = start.update(4);
        assertEquals(0, start.observations());
        assertEquals(0, start.mean(), EXACT);
        assertEquals(1, next.observations());
    }

    @Test
    void aConstantSeriesHasNoSpread() {
        Ewma ewma = Ewma.start(0.05);
        for (int hour = 0; hour < 100; hour++) {
            ewma = ewma.update(3);
        }
        assertEquals(3, ewma.mean(), EXACT);
        assertEquals(0, ewma.sigma(), EXACT);
    }

    @Test
    void refusesAnAlphaOutsideZeroToOneAndNonFiniteObservations() {
        assertThrows(IllegalArgumentException.class, () -> Ewma.start(0));
        assertThrows(IllegalArgumentException.class, () -> Ewma.start(1.5));
        assertThrows(IllegalArgumentException.class, () -> Ewma.start(0.5).update(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Ewma(0.5, 1, -1, 2));
    }
}
