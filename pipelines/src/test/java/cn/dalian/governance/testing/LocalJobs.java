package cn.dalian.governance.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's own Flink jobs as a user runs them ({@code infra/platform up ingest}, {@code up assess}):
 * each one not running yet is started, and stopped again on {@link #close()}; one already running is
 * used as it is and left running.
 */
public final class LocalJobs implements AutoCloseable {
    private final List<String> started;

    private LocalJobs(List<String> started) {
        this.started = List.copyOf(started);
    }

    /** Brings {@code jobs} up in order with {@code infra/platform up JOB}. */
    public static LocalJobs up(String... jobs) throws IOException, InterruptedException {
        List<String> started = new ArrayList<>();
        try {
            for (String job : jobs) {
                if (!PlatformScript.running(job)) {
                    PlatformScript.up(job);
                    started.add(job);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            new LocalJobs(started).close();
            throw e;
        }
        return new LocalJobs(started);
    }

    /** The jobs this instance started (and stops). */
    public List<String> started() {
        return started;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (int i = started.size() - 1; i >= 0; i--) {
            PlatformScript.down(started.get(i));
        }
    }
}
