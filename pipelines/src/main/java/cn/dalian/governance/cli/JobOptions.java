package cn.dalian.governance.cli;

import cn.dalian.governance.job.Checkpoints;
import cn.dalian.governance.job.JobSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every Flink job command shares (a picocli mixin): Kafka, catalog, checkpoints, where to start. */
public final class JobOptions {
    private static final Logger LOG = LoggerFactory.getLogger(JobOptions.class);

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    private String bootstrap;

    @CommandLine.Mixin
    private CatalogOption catalog;

    @Option(names = "--group-id", description = "Kafka consumer group (default: gov-<job>).")
    private String groupId;

    @Option(names = "--namespace", description = "Iceberg namespace (default: the catalog file's namespace, gov).")
    private String namespace;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S", description = "Checkpoint interval, ISO-8601 (default: ${DEFAULT-VALUE}).")
    private Duration checkpointInterval;

    @Option(names = "--checkpoint-dir", description = "Checkpoint directory (default: var/checkpoints/<job>).")
    private Path checkpointDir;

    @Option(names = "--restore", description = "Restore from this checkpoint or savepoint directory.")
    private String restore;

    @Option(names = "--resume", description = "Restore from the latest retained checkpoint in --checkpoint-dir, if there is one.")
    private boolean resume;

    @Option(names = "--since", description = "Start from the first record sent at or after this instant (ISO-8601, e.g. 2026-10-01T00:00:00+08:00) instead of the group's committed offsets.")
    private OffsetDateTime since;

    @Option(names = "--start-offsets", split = ",", paramLabel = "TOPIC:PARTITION:OFFSET",
            description = "Start each listed partition at this offset (a replay or a test), instead of the group's committed offsets.")
    private List<String> startOffsets;

    @Option(names = "--bounded", description = "Stop at the offsets that are the latest at start (backfill), instead of running on.")
    private boolean bounded;

    /** Settings of {@code job} from these options; IllegalArgumentException for a bad value. */
    JobSettings.Builder settings(String job) {
        Path checkpoints = (checkpointDir != null ? checkpointDir : SimulateCommand.repoRoot().resolve("var/checkpoints/" + job)).toAbsolutePath();
        String restoreFrom = restore;
        if (resume && restoreFrom == null) {
            Optional<Path> latest = Checkpoints.latest(checkpoints);
            restoreFrom = latest.map(Path::toString).orElse(null);
            LOG.info("{}: {}", job, latest.map(path -> "resuming from " + path).orElse("no retained checkpoint under " + checkpoints + ", starting fresh"));
        }
        return JobSettings.builder()
                .bootstrapServers(bootstrap)
                .groupId(groupId != null ? groupId : "gov-" + job)
                .catalog(catalog.settings())
                .namespace(namespace)
                .parallelism(parallelism)
                .checkpointInterval(checkpointInterval)
                .checkpointDirectory(checkpoints.toUri().toString())
                .restoreFrom(restoreFrom)
                .startingTimestamp(since == null ? null : since.toInstant().toEpochMilli())
                .startingOffsets(startOffsets == null ? null : parseOffsets(startOffsets))
                .bounded(bounded);
    }

    private static Map<TopicPartition, Long> parseOffsets(List<String> specs) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            try {
                if (parts.length != 3) {
                    throw new NumberFormatException();
                }
                offsets.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--start-offsets: '" + spec + "' is not TOPIC:PARTITION:OFFSET");
            }
        }
        return offsets;
    }
}
