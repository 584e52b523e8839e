package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarningTallyTest {
    private static final Instant FROM = Instant.parse("2026-10-11T16:00:00Z");
    private static final Instant TO = Instant.parse("2026-10-18T16:00:00Z");

    @Test
    void aWarningCountsOnceInThePeriodItOpenedWithTheHighestLevelItReached() {
        WarningTally tally = WarningTally.builder(FROM, TO)
                .add("w1", "R1", "C1", "OPENED", "ORANGE", FROM.plusSeconds(3600))
                .add("w1", "R1", "C1", "UPDATED", "RED", FROM.plusSeconds(7200))
                .add("w1", "R1", "C1", "CLEARED", "RED", FROM.plusSeconds(9000))
                .add("w2", "R1", "C2", "OPENED", "ORANGE", FROM.plusSeconds(3600))
                .add("w3", "R1", "C1", "OPENED", "ORANGE", FROM.plusSeconds(86_400))
                .build();

        WarningTally.RuleCount r1 = tally.rule("R1");
        assertEquals(3, r1.opened());
        assertEquals(2, r1.areas(), "C1 and C2");
        assertEquals(Map.of("RED", 1L, "ORANGE", 2L), r1.highestLevels());
        assertEquals(1, r1.updates());
        assertEquals(1, r1.cleared());
        assertEquals(3, tally.opened());
    }

    @Test
    void warningsOpenedOutsideThePeriodDoNotCountNorDoTheirLaterChanges() {
        WarningTally tally = WarningTally.builder(FROM, TO)
                .add("before", "R2", "C1", "OPENED", "YELLOW", FROM.minusSeconds(1))
                .add("before", "R2", "C1", "CLEARED", "YELLOW", FROM.plusSeconds(60))
                .add("at-end", "R2", "C1", "OPENED", "YELLOW", TO)
                .add("at-start", "R2", "C1", "OPENED", "YELLOW", FROM)
                .build();

        assertEquals(1, tally.rule("R2").opened(), "from is inside, to is not");
        assertEquals(0, tally.rule("R2").cleared());
    }

    @Test
    void changesAfterThePeriodDoNotCountTheDataMayHaveRunOutThere() {
        WarningTally tally = WarningTally.builder(FROM, TO)
                .add("w", "R5", "C1", "OPENED", "BLUE", TO.minusSeconds(60))
                .add("w", "R5", "C1", "UPDATED", "YELLOW", TO.plusSeconds(86_400))
                .add("w", "R5", "C1", "CLEARED", "YELLOW", TO.plusSeconds(90_000))
                .build();

        assertEquals(1, tally.rule("R5").opened());
        assertEquals(Map.of("BLUE", 1L), tally.rule("R5").highestLevels());
        assertEquals(0, tally.rule("R5").updates());
        assertEquals(0, tally.rule("R5").cleared(), "still open when the period ends");
    }

    @Test
    void changesMayArriveInAnyOrder() {
        WarningTally tally = WarningTally.builder(FROM, TO)
                .add("w", "R4", "C1", "UPDATED", "ORANGE", FROM.plusSeconds(600))
                .add("w", "R4", "C1", "OPENED", "YELLOW", FROM.plusSeconds(60))
                .build();

        assertEquals(1, tally.rule("R4").opened());
        assertEquals(Map.of("ORANGE", 1L), tally.rule("R4").highestLevels());
    }

    @Test
    void everyRuleHasARowZerosIncludedAndTheTablePrintsTheRatePerDay() {
        WarningTally tally = WarningTally.builder(FROM, TO)
                .add("w", "R5", "C1", "OPENED", "BLUE", FROM)
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tally.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);

        assertEquals(6, tally.rules().size());
        assertEquals(0, tally.rule("R6").opened());
        // 1 warning over 7 days: 0.1 a day.
        assertTrue(table.lines().anyMatch(line -> line.startsWith("R5") && line.contains(" 0.1 ") && line.contains("BLUE 1") && line.contains("超期督办")), table);
        assertEquals(8, table.lines().count(), "header, six rules, total:\n" + table);
    }

    @Test
    void rejectsAnUnknownRuleStatusOrLevelAndAnEmptyPeriod() {
        WarningTally.Builder builder = WarningTally.builder(FROM, TO);
        assertThrows(IllegalArgumentException.class, () -> builder.add("w", "R9", "C1", "OPENED", "BLUE", FROM));
        assertThrows(IllegalArgumentException.class, () -> builder.add("w", "R1", "C1", "REOPENED", "BLUE", FROM));
        assertThrows(IllegalArgumentException.class, () -> builder.add("w", "R1", "C1", "OPENED", "PURPLE", FROM));
        assertThrows(IllegalArgumentException.class, () -> WarningTally.builder(TO, FROM));
    }
}
