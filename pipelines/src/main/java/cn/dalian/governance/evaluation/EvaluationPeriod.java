package cn.dalian.governance.evaluation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An evaluation period (考评周期): a month {@code 2026-10}, a quarter {@code 2026-Q3} or a year {@code 2026},
 * bounded by Asia/Shanghai midnights (DESIGN section 3: every period boundary is taken in the city's own
 * clock). Immutable; {@link #parse} is the only way in.
 */
public final class EvaluationPeriod {
    public static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q(\\d)");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** Kind of period, as stored in gov.eval_score.period_kind. */
    public enum Kind {
        MONTH("月度"),
        QUARTER("季度"),
        YEAR("年度");

        private final String labelZh;

        Kind(String labelZh) {
            this.labelZh = labelZh;
        }

        public String labelZh() {
            return labelZh;
        }
    }

    private final String label;
    private final Kind kind;
    private final LocalDate firstDay;
    private final LocalDate endDay;

    private EvaluationPeriod(String label, Kind kind, LocalDate firstDay, LocalDate endDay) {
        this.label = requireNonNull(label, "label");
        this.kind = requireNonNull(kind, "kind");
        this.firstDay = requireNonNull(firstDay, "firstDay");
        this.endDay = requireNonNull(endDay, "endDay");
    }

    /**
     * {@code yyyy-MM}, {@code yyyy-Qn} or {@code yyyy}; IllegalArgumentException saying what is accepted
     * for anything else (including month 13, quarter 5, a year before 2000).
     */
    public static EvaluationPeriod parse(String text) {
        requireNonNull(text, "text");
        Matcher month = MONTH.matcher(text);
        Matcher quarter = QUARTER.matcher(text);
        if (month.matches()) {
            int m = Integer.parseInt(month.group(2));
            if (m >= 1 && m <= 12) {
                LocalDate first = LocalDate.of(year(text, month.group(1)), m, 1);
                return new EvaluationPeriod(text, Kind.MONTH, first, first.plusMonths(1));
            }
        } else if (quarter.matches()) {
            int q = Integer.parseInt(quarter.group(2));
            if (q >= 1 && q <= 4) {
                LocalDate first = LocalDate.of(year(text, quarter.group(1)), 3 * (q - 1) + 1, 1);
                return new EvaluationPeriod(text, Kind.QUARTER, first, first.plusMonths(3));
            }
        } else if (YEAR.matcher(text).matches()) {
            LocalDate first = LocalDate.of(year(text, text), 1, 1);
            return new EvaluationPeriod(text, Kind.YEAR, first, first.plusYears(1));
        }
        throw new IllegalArgumentException("'" + text + "' is not an evaluation period: give a month (2026-10), a quarter (2026-Q3) or a year (2026)");
    }

    private static int year(String text, String digits) {
        int year = Integer.parseInt(digits);
        if (year < 2000) {
            throw new IllegalArgumentException("'" + text + "' is not an evaluation period: the year must be 2000 or later");
        }
        return year;
    }

    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    /** First day of the period (Asia/Shanghai calendar). */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** First day after the period. */
    public LocalDate endDay() {
        return endDay;
    }

    /** Midnight Asia/Shanghai of the first day: the first instant of the period. */
    public Instant start() {
        return firstDay.atStartOfDay(CITY).toInstant();
    }

    /** Midnight Asia/Shanghai after the last day: the first instant after the period (exclusive end). */
    public Instant end() {
        return endDay.atStartOfDay(CITY).toInstant();
    }

    /** The period of the same kind just before this one (2026-10 → 2026-09, 2026-Q1 → 2025-Q4, 2026 → 2025). */
    public EvaluationPeriod previous() {
        return switch (kind) {
            case MONTH -> parse(firstDay.minusMonths(1).toString().substring(0, 7));
            case QUARTER -> parse(firstDay.minusMonths(3).getYear() + "-Q" + ((firstDay.minusMonths(3).getMonthValue() - 1) / 3 + 1));
            case YEAR -> parse(Integer.toString(firstDay.getYear() - 1));
        };
    }

    /**
     * Every rating period (gov.eval_rating.period) that lies inside this one: the months, for a quarter
     * also the quarter itself, for a year the months, quarters and the year.
     */
    public List<String> ratingPeriods() {
        List<String> periods = new ArrayList<>();
        for (LocalDate month = firstDay; month.isBefore(endDay); month = month.plusMonths(1)) {
            periods.add(month.toString().substring(0, 7));
        }
        if (kind == Kind.QUARTER) {
            periods.add(label);
        }
        if (kind == Kind.YEAR) {
            for (int q = 1; q <= 4; q++) {
                periods.add(label + "-Q" + q);
            }
            periods.add(label);
        }
        return List.copyOf(periods);
    }

    /** A Trino {@code timestamp(6) with time zone} literal of an instant, written in the city's clock. */
    public static String sqlTimestamp(Instant instant) {
        return "TIMESTAMP '" + SQL_TIMESTAMP.format(instant.atZone(CITY)) + " " + CITY.getId() + "'";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EvaluationPeriod period && period.label.equals(label);
    }

    @Override
    public int hashCode() {
        return label.hashCode();
    }

    @Override
    public String toString() {
        return label;
    }
}
