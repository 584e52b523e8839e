package cn.dalian.governance.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.cli.PlatformCli;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationPeriodTest {
    @Test
    void aMonthRunsFromShanghaiMidnightToTheNextMonthsMidnight() {
        EvaluationPeriod october = EvaluationPeriod.parse("2026-10");
        assertEquals(EvaluationPeriod.Kind.MONTH, october.kind());
        // 2026-10-01 00:00 in Asia/Shanghai (UTC+8, no summer time) is 2026-09-30 16:00 UTC
        assertEquals(Instant.parse("2026-09-30T16:00:00Z"), october.start());
        assertEquals(Instant.parse("2026-10-31T16:00:00Z"), october.end());
        assertEquals("2026-09", october.previous().label());
        assertEquals(List.of("2026-10"), october.ratingPeriods());
        assertEquals("2025-12", EvaluationPeriod.parse("2026-01").previous().label());
        assertEquals(Instant.parse("2026-01-31T16:00:00Z"), EvaluationPeriod.parse("2026-02").start());
        assertEquals(Instant.parse("2026-02-28T16:00:00Z"), EvaluationPeriod.parse("2026-02").end());
    }

    @Test
    void aQuarterIsThreeMonthsAndItsRatingsIncludeItsMonths() {
        EvaluationPeriod q3 = EvaluationPeriod.parse("2026-Q3");
        assertEquals(EvaluationPeriod.Kind.QUARTER, q3.kind());
        assertEquals(Instant.parse("2026-06-30T16:00:00Z"), q3.start());
        assertEquals(Instant.parse("2026-09-30T16:00:00Z"), q3.end());
        assertEquals("2026-Q2", q3.previous().label());
        assertEquals("2025-Q4", EvaluationPeriod.parse("2026-Q1").previous().label());
        assertEquals(List.of("2026-07", "2026-08", "2026-09", "2026-Q3"), q3.ratingPeriods());
    }

    @Test
    void aYearIsTwelveMonthsAndItsRatingsIncludeMonthsQuartersAndTheYear() {
        EvaluationPeriod year = EvaluationPeriod.parse("2026");
        assertEquals(EvaluationPeriod.Kind.YEAR, year.kind());
        assertEquals(Instant.parse("2025-12-31T16:00:00Z"), year.start());
        assertEquals(Instant.parse("2026-12-31T16:00:00Z"), year.end());
        assertEquals("2025", year.previous().label());
        assertEquals(17, year.ratingPeriods().size());
        assertTrue(year.ratingPeriods().containsAll(List.of("2026-01", "2026-12", "2026-Q1", "2026-Q4", "2026")));
    }

    @Test
    void sqlTimestampsAreWrittenInTheCitysClock() {
        assertEquals("TIMESTAMP '2026-10-01 00:00:00.000000 Asia/Shanghai'", EvaluationPeriod.sqlTimestamp(EvaluationPeriod.parse("2026-10").start()));
    }

    @Test
    void wrongFormatsAreRefusedSayingWhatIsAccepted() {
        for (String wrong : List.of("2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-q3", "26-10", "2026/10", "2026-1", "October", "", "1999", "2026-10-01")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPeriod.parse(wrong), wrong);
            assertTrue(e.getMessage().startsWith("'" + wrong + "' is not an evaluation period"), e.getMessage());
        }
    }

    @Test
    void theCommandsExitWithTwoOnAWrongPeriodBeforeTouchingTrino() {
        // an unreachable server: a usage error must be found before any connection is tried
        assertEquals(2, PlatformCli.execute("evaluate", "--period", "2026-13", "--trino-url", "http://127.0.0.1:1"));
        assertEquals(2, PlatformCli.execute("evaluate", "--period", "Q3-2026", "--trino-url", "http://127.0.0.1:1"));
        assertEquals(2, PlatformCli.execute("evaluate", "--trino-url", "http://127.0.0.1:1"));
        assertEquals(2, PlatformCli.execute("publish", "--period", "2026-Q9", "--trino-url", "http://127.0.0.1:1"));
        assertEquals(2, PlatformCli.execute("publish", "--trino-url", "http://127.0.0.1:1"));
    }
}
