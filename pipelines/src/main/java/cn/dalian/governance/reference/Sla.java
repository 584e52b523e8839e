package cn.dalian.governance.reference;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Service-level targets of a matter for one urgency: the item must be dispatched (分办) within
 * {@link #dispatchWithin()} and resolved within {@link #resolveWithin()}, both counted from
 * when it was reported.
 */
public final class Sla
{
    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

    private final Duration dispatchWithin;
    private final Duration resolveWithin;

    public Sla(Duration dispatchWithin, Duration resolveWithin)
    {
        this.dispatchWithin = requireNonNull(dispatchWithin, "dispatchWithin is null");
        this.resolveWithin = requireNonNull(resolveWithin, "resolveWithin is null");
        if (dispatchWithin.isNegative() || dispatchWithin.isZero()) {
            throw new IllegalArgumentException("dispatchWithin must be positive: " + dispatchWithin);
        }
        if (resolveWithin.compareTo(dispatchWithin) < 0) {
            throw new IllegalArgumentException("resolveWithin " + resolveWithin + " is shorter than dispatchWithin " + dispatchWithin);
        }
    }

    /** SLA from hours as written in the catalogue, e.g. {@code 0.5} and {@code 4}. */
    public static Sla ofHours(BigDecimal dispatchHours, BigDecimal resolveHours)
    {
        return new Sla(hours(dispatchHours), hours(resolveHours));
    }

    static Duration hours(BigDecimal hours)
    {
        requireNonNull(hours, "hours is null");
        return Duration.ofNanos(hours.multiply(NANOS_PER_HOUR).longValueExact());
    }

    public Duration dispatchWithin()
    {
        return dispatchWithin;
    }

    public Duration resolveWithin()
    {
        return resolveWithin;
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
        Sla that = (Sla) o;
        return dispatchWithin.equals(that.dispatchWithin) && resolveWithin.equals(that.resolveWithin);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(dispatchWithin, resolveWithin);
    }

    @Override
    public String toString()
    {
        return "Sla{dispatchWithin=" + dispatchWithin + ", resolveWithin=" + resolveWithin + "}";
    }
}
