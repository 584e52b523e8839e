package cn.dalian.governance.replay;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.assess.AssessJob;
import cn.dalian.governance.assess.AssessmentRules;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.ingest.IngestJob;
import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.KafkaParts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * Ingest, then assess, each as a bounded job on a MiniCluster in this JVM, over the records the feeds
 * received after a {@link Mark}, into an Iceberg namespace of their own. The false-alarm trial, the
 * benchmark and the integration tests replay simulated days this way.
 *
 * <p>A replay judges as live traffic does: ingest reads the feeds with watermark alignment on send
 * time, so the conformed items reach assess about in the order the feeds sent them, disordered only by
 * the feeds' own delays, and assess runs with the rules file's own watermark bound.
 */
public final class BoundedReplay {
    private final String bootstrap;
    private final CatalogSettings catalog;
    private final String namespace;
    private final byte[] piiKey;
    private final int parallelism;
    private final Duration checkpointInterval;
    private final Path workDirectory;

    /** Where a replay starts: the end offsets of the feed topics and of gov.items.v1, taken before records are sent. */
    public record Mark(Map<TopicPartition, Long> feeds, Map<TopicPartition, Long> items) {
        public Mark {
            feeds = Map.copyOf(feeds);
            items = Map.copyOf(items);
        }

        public static Mark now(String bootstrap) {
            return new Mark(KafkaParts.endOffsets(bootstrap, Topics.FEEDS), KafkaParts.endOffsets(bootstrap, List.of(Topics.ITEMS)));
        }

        /** Records on gov.items.v1 from this mark to {@code later}. */
        public long itemsUntil(Mark later) {
            return later.items.entrySet().stream().mapToLong(e -> e.getValue() - items.getOrDefault(e.getKey(), 0L)).sum();
        }
    }

    private BoundedReplay(Builder builder) {
        this.bootstrap = requireNonNull(builder.bootstrap, "bootstrap");
        this.catalog = requireNonNull(builder.catalog, "catalog");
        this.namespace = requireNonNull(builder.namespace, "namespace");
        this.piiKey = requireNonNull(builder.piiKey, "piiKey").clone();
        this.parallelism = builder.parallelism;
        this.checkpointInterval = requireNonNull(builder.checkpointInterval, "checkpointInterval");
        this.workDirectory = requireNonNull(builder.workDirectory, "workDirectory").toAbsolutePath();
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (namespace.equals("gov") && !builder.platformNamespace) {
            throw new IllegalArgumentException("a replay writes into a namespace of its own; replaying into gov needs intoPlatformNamespace()");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String namespace() {
        return namespace;
    }

    /** Ingest then assess from {@code from}; returns the seconds each took, start-up included. */
    public Timings run(Mark from) throws Exception {
        double ingest = ingest(from);
        return new Timings(ingest, assess(from, AssessmentRules.loadDefault()));
    }

    /** Ingest over the feed records after {@code from} up to the current end; returns its seconds, start-up included. */
    public double ingest(Mark from) throws Exception {
        return ingestTimed(from).totalSeconds();
    }

    /** Ingest over the feed records after {@code from} up to the current end, timed. */
    public JobTime ingestTimed(Mark from) throws Exception {
        JobSettings settings = settings("ingest", from.feeds()).piiKey(piiKey).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        IngestJob.build(env, settings);
        return execute(env, "replay-ingest-" + namespace);
    }

    /** Assess by {@code rules} over the items after {@code from}; returns its seconds, start-up included. */
    public double assess(Mark from, AssessmentRules rules) throws Exception {
        return assessTimed(from, rules).totalSeconds();
    }

    /** Assess by {@code rules} over the items after {@code from}, timed. */
    public JobTime assessTimed(Mark from, AssessmentRules rules) throws Exception {
        JobSettings settings = settings("assess", from.items()).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        AssessJob.build(env, settings, rules);
        return execute(env, "replay-assess-" + namespace);
    }

    private JobSettings.Builder settings(String job, Map<TopicPartition, Long> from) {
        return JobSettings.builder()
                .bootstrapServers(bootstrap)
                .groupId("gov-" + job + "-" + namespace)
                .catalog(catalog)
                .namespace(namespace)
                .parallelism(parallelism)
                .checkpointInterval(checkpointInterval)
                .checkpointDirectory(workDirectory.resolve(job + "-checkpoints").toUri().toString())
                .startingOffsets(from)
                .bounded(true);
    }

    private static JobTime execute(StreamExecutionEnvironment env, String name) throws Exception {
        long started = System.nanoTime();
        JobClient job = env.executeAsync(name);
        long running = -1;
        while (running < 0 && !job.getJobExecutionResult().isDone()) {
            if (job.getJobStatus().get() == JobStatus.RUNNING) {
                running = System.nanoTime();
            } else {
                Thread.sleep(10);
            }
        }
        job.getJobExecutionResult().get();
        long finished = System.nanoTime();
        return new JobTime((finished - started) / 1e9, running < 0 ? (finished - started) / 1e9 : (finished - running) / 1e9);
    }

    /**
     * Wall-clock seconds of one job: in all (submission, the MiniCluster's start, deployment, the work and the
     * final checkpoint) and from the moment it was RUNNING to its end.
     */
    public record JobTime(double totalSeconds, double runningSeconds) {}

    /** Wall-clock seconds of the two jobs. */
    public record Timings(double ingestSeconds, double assessSeconds) {}

    public static final class Builder {
        private String bootstrap;
        private CatalogSettings catalog;
        private String namespace;
        private byte[] piiKey;
        private int parallelism = 2;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private Path workDirectory;
        private boolean platformNamespace;

        private Builder() {}

        public Builder bootstrap(String value) { this.bootstrap = value; return this; }
        public Builder catalog(CatalogSettings value) { this.catalog = value; return this; }
        /** The namespace the jobs write; it must not be {@code gov} unless {@link #intoPlatformNamespace}. */
        public Builder namespace(String value) { this.namespace = value; return this; }
        /** Allows the namespace {@code gov}: a test that fills the platform's own tables. */
        public Builder intoPlatformNamespace() { this.platformNamespace = true; return this; }
        public Builder piiKey(byte[] value) { this.piiKey = value.clone(); return this; }
        public Builder parallelism(int value) { this.parallelism = value; return this; }
        public Builder checkpointInterval(Duration value) { this.checkpointInterval = value; return this; }
        /** Where the jobs keep their checkpoints. */
        public Builder workDirectory(Path value) { this.workDirectory = value; return this; }

        public BoundedReplay build() {
            return new BoundedReplay(this);
        }
    }
}
