package cn.dalian.governance.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Holds the simulator back to a wall-clock pace: at most {@code rate} records per second, or
 * simulated time running {@code speedup} times faster than real time. Unpaced by default.
 */
public final class Pacer {
    private final double rate;
    private final double speedup;
    private final Instant simulatedStart;
    private final long wallStartNanos = System.nanoTime();
    private long sent;

    public Pacer(double rate, double speedup, Instant simulatedStart) {
        if (rate < 0 || speedup < 0) {
            throw new IllegalArgumentException("rate and speedup must not be negative");
        }
        if (rate > 0 && speedup > 0) {
            throw new IllegalArgumentException("give either --rate or --speedup, not both");
        }
        this.rate = rate;
        this.speedup = speedup;
        this.simulatedStart = simulatedStart;
    }

    void beforeSend(Instant sendAt) throws InterruptedException {
        long dueNanos;
        if (rate > 0) {
            dueNanos = (long) (sent / rate * 1e9);
        } else if (speedup > 0) {
            dueNanos = (long) (Duration.between(simulatedStart, sendAt).toNanos() / speedup);
        } else {
            return;
        }
        sent++;
        long waitNanos = dueNanos - (System.nanoTime() - wallStartNanos);
        if (waitNanos > 1_000_000) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
