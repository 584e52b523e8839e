package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** What to simulate: immutable, built with {@link #builder()}. */
public final class SimulationConfig {
    /** The city's clock: every day and hour boundary is taken in Asia/Shanghai (DESIGN §3). */
    public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

    private final long seed;
    private final LocalDate startDay;
    private final int days;
    private final double scale;
    private final Map<FaultKind, Double> faultShares;
    private final double duplicateShare;
    private final double lateShare;
    private final double oldWriterShare;
    private final Scenario scenario;

    private SimulationConfig(Builder builder) {
        this.seed = builder.seed;
        this.startDay = requireNonNull(builder.startDay, "startDay is null");
        this.days = builder.days;
        this.scale = builder.scale;
        this.faultShares = Collections.unmodifiableMap(new EnumMap<>(builder.faultShares));
        this.duplicateShare = builder.duplicateShare;
        this.lateShare = builder.lateShare;
        this.oldWriterShare = builder.oldWriterShare;
        this.scenario = builder.scenario;
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("days must be between 1 and 3660, got " + days);
        }
        if (!(scale > 0 && scale <= 100)) {
            throw new IllegalArgumentException("scale must be in (0, 100], got " + scale);
        }
        faultShares.forEach((kind, share) -> checkShare("fault share of " + kind, share));
        checkShare("duplicate share", duplicateShare);
        checkShare("late share", lateShare);
        checkShare("old-writer share", oldWriterShare);
    }

    private static void checkShare(String what, double share) {
        if (!(share >= 0 && share <= 0.5)) {
            throw new IllegalArgumentException(what + " must be between 0 and 0.5, got " + share);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public long seed() {
        return seed;
    }

    public LocalDate startDay() {
        return startDay;
    }

    public int days() {
        return days;
    }

    public Instant start() {
        return startDay.atStartOfDay(CITY_ZONE).toInstant();
    }

    public Instant end() {
        return start().plus(Duration.ofDays(days));
    }

    /** Multiplier on the base arrival rates (1.0 is the city's normal volume). */
    public double scale() {
        return scale;
    }

    /** Share of valid records that get a faulty sibling of this kind. */
    public double faultShare(FaultKind kind) {
        return faultShares.getOrDefault(kind, 0.0);
    }

    public Map<FaultKind, Double> faultShares() {
        return faultShares;
    }

    public double duplicateShare() {
        return duplicateShare;
    }

    /** Share of items and signals whose records the source sends 1 to 6 hours late. */
    public double lateShare() {
        return lateShare;
    }

    /** Share of police signals sent with the previous schema version (v1, without subject key). */
    public double oldWriterShare() {
        return oldWriterShare;
    }

    public Optional<Scenario> scenario() {
        return Optional.ofNullable(scenario);
    }

    public static final class Builder {
        private long seed = 20240701L;
        private LocalDate startDay = LocalDate.of(2026, 10, 1);
        private int days = 1;
        private double scale = 1.0;
        private final Map<FaultKind, Double> faultShares = new EnumMap<>(FaultKind.class);
        private double duplicateShare;
        private double lateShare;
        private double oldWriterShare = 0.2;
        private Scenario scenario;

        private Builder() {}

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder startDay(LocalDate startDay) {
            this.startDay = startDay;
            return this;
        }

        public Builder days(int days) {
            this.days = days;
            return this;
        }

        public Builder scale(double scale) {
            this.scale = scale;
            return this;
        }

        /** The same share for every fault kind. */
        public Builder allFaults(double share) {
            for (FaultKind kind : FaultKind.values()) {
                faultShares.put(kind, share);
            }
            return this;
        }

        public Builder fault(FaultKind kind, double share) {
            faultShares.put(requireNonNull(kind, "kind is null"), share);
            return this;
        }

        public Builder duplicateShare(double share) {
            this.duplicateShare = share;
            return this;
        }

        public Builder lateShare(double share) {
            this.lateShare = share;
            return this;
        }

        public Builder oldWriterShare(double share) {
            this.oldWriterShare = share;
            return this;
        }

        public Builder scenario(Scenario scenario) {
            this.scenario = scenario;
            return this;
        }

        public SimulationConfig build() {
            return new SimulationConfig(this);
        }
    }
}
