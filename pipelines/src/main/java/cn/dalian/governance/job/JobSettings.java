package cn.dalian.governance.job;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.iceberg.CatalogSettings;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** How to run one of the platform's Flink jobs (ingest, assess): immutable, built with {@link #builder()}. */
public final class JobSettings {
    /** Longest time a record waits in a network buffer between operators (Flink's default is 100 ms). */
    public static final Duration NETWORK_BUFFER_TIMEOUT = Duration.ofMillis(5);

    private final String bootstrapServers;
    private final String groupId;
    private final CatalogSettings catalog;
    private final String namespace;
    private final byte[] piiKey;
    private final int parallelism;
    private final Duration checkpointInterval;
    private final String checkpointDirectory;
    private final String restoreFrom;
    private final boolean bounded;
    private final Map<TopicPartition, Long> startingOffsets;
    private final Long startingTimestamp;

    private JobSettings(Builder b) {
        this.bootstrapServers = requireNonNull(b.bootstrapServers, "bootstrapServers is null");
        this.groupId = requireNonNull(b.groupId, "groupId is null");
        this.catalog = requireNonNull(b.catalog, "catalog is null");
        this.namespace = b.namespace != null ? b.namespace : catalog.namespace();
        this.piiKey = b.piiKey == null ? null : b.piiKey.clone();
        this.parallelism = b.parallelism;
        this.checkpointInterval = requireNonNull(b.checkpointInterval, "checkpointInterval is null");
        this.checkpointDirectory = requireNonNull(b.checkpointDirectory, "checkpointDirectory is null");
        this.restoreFrom = b.restoreFrom;
        this.bounded = b.bounded;
        this.startingOffsets = b.startingOffsets == null ? null : Map.copyOf(b.startingOffsets);
        this.startingTimestamp = b.startingTimestamp;
        if (startingOffsets != null && startingTimestamp != null) {
            throw new IllegalArgumentException("give starting offsets or a starting timestamp, not both");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        if (checkpointInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("checkpoint interval must be at least 100 ms");
        }
        if (piiKey != null && piiKey.length < 16) {
            throw new IllegalArgumentException("the PII key must have at least 16 bytes");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String groupId() {
        return groupId;
    }

    public CatalogSettings catalog() {
        return catalog;
    }

    /** Iceberg namespace of the curated tables (gov; tests use their own). */
    public String namespace() {
        return namespace;
    }

    /** The HMAC key of the pseudonyms; the ingest job needs one, the assess job none. */
    public Optional<byte[]> piiKey() {
        return Optional.ofNullable(piiKey).map(byte[]::clone);
    }

    /** Flink configuration of the job: checkpointing, checkpoints retained on cancel, the restore path. */
    public Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        // A job that keeps failing stops after a few attempts and says why, instead of retrying forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(5));
        // Every type between operators and in state has a Flink serializer of its own: a type that would
        // fall back to Kryo fails the job at submission instead of slowing it down.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // A record waits at most this long in a network buffer before it is sent on: the live warning
        // path crosses several exchanges, each of which would otherwise add up to 100 ms.
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, NETWORK_BUFFER_TIMEOUT);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        return conf;
    }

    public int parallelism() {
        return parallelism;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** file:// URI where checkpoints are kept (retained when the job is cancelled). */
    public String checkpointDirectory() {
        return checkpointDirectory;
    }

    /** A checkpoint or savepoint to restore from. */
    public Optional<String> restoreFrom() {
        return Optional.ofNullable(restoreFrom);
    }

    /** Stop at the offsets that are the latest when the job starts (a backfill or a test), instead of running forever. */
    public boolean bounded() {
        return bounded;
    }

    /** Explicit starting offsets; empty means the group's committed offsets, else the earliest. */
    public Optional<Map<TopicPartition, Long>> startingOffsets() {
        return Optional.ofNullable(startingOffsets);
    }

    /** Start from the first records sent at or after this time (epoch millis), instead of the group's offsets. */
    public Optional<Long> startingTimestamp() {
        return Optional.ofNullable(startingTimestamp);
    }

    public static final class Builder {
        private String bootstrapServers;
        private String groupId = null;
        private CatalogSettings catalog;
        private String namespace;
        private byte[] piiKey;
        private int parallelism = 2;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private String checkpointDirectory;
        private String restoreFrom;
        private boolean bounded;
        private Map<TopicPartition, Long> startingOffsets;
        private Long startingTimestamp;

        private Builder() {}

        public Builder startingTimestamp(Long value) {
            this.startingTimestamp = value;
            return this;
        }

        public Builder bootstrapServers(String value) {
            this.bootstrapServers = value;
            return this;
        }

        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        public Builder catalog(CatalogSettings value) {
            this.catalog = value;
            return this;
        }

        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        public Builder piiKey(byte[] value) {
            this.piiKey = value;
            return this;
        }

        public Builder parallelism(int value) {
            this.parallelism = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            this.checkpointInterval = value;
            return this;
        }

        public Builder checkpointDirectory(String value) {
            this.checkpointDirectory = value;
            return this;
        }

        public Builder restoreFrom(String value) {
            this.restoreFrom = value;
            return this;
        }

        public Builder bounded(boolean value) {
            this.bounded = value;
            return this;
        }

        public Builder startingOffsets(Map<TopicPartition, Long> value) {
            this.startingOffsets = value;
            return this;
        }

        public JobSettings build() {
            return new JobSettings(this);
        }
    }
}
