package cn.dalian.governance.cli;

import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.Checkpoints;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.ingest.IngestJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code platform ingest}: runs the ingest job, in-process on a Flink MiniCluster or under {@code flink run}. */
@Command(name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the ingest job: Kafka feeds -> validated, deduplicated, pseudonymised items in Iceberg "
            + "(gov.item_event, gov.item_current, gov.dead_letter, gov.eval_rating, gov.dim_area, gov.dim_matter) and "
            + "Kafka gov.items.v1 / gov.dlq.v1, exactly once. Logs a reconciliation line per topic at every checkpoint.")
public final class IngestCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);
    /** Environment variable holding the pseudonymisation key. */
    static final String PII_KEY_ENV = "GOV_PII_KEY";
    private static final byte[] DEV_KEY = "dev-only-pseudonymisation-key-not-secret".getBytes(StandardCharsets.UTF_8);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    private String bootstrap;

    @Option(names = "--catalog-config", description = "Iceberg catalog properties (default: -Dgov.catalog.config, $GOV_CATALOG_CONFIG or var/catalog/iceberg-catalog.properties).")
    private Path catalogConfig;

    @Option(names = "--group-id", defaultValue = "gov-ingest", description = "Kafka consumer group (default: ${DEFAULT-VALUE}).")
    private String groupId;

    @Option(names = "--namespace", description = "Iceberg namespace (default: the catalog file's namespace, gov).")
    private String namespace;

    @Option(names = "--pii-key-file", description = "File holding the HMAC key for pseudonyms (default: $" + PII_KEY_ENV + ").")
    private Path piiKeyFile;

    @Option(names = "--dev", description = "Local development: allow a fixed, non-secret PII key when none is configured.")
    private boolean dev;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S", description = "Checkpoint interval, ISO-8601 (default: ${DEFAULT-VALUE}).")
    private Duration checkpointInterval;

    @Option(names = "--checkpoint-dir", description = "Checkpoint directory (default: var/checkpoints/ingest).")
    private Path checkpointDir;

    @Option(names = "--restore", description = "Restore from this checkpoint or savepoint directory.")
    private String restore;

    @Option(names = "--resume", description = "Restore from the latest retained checkpoint in --checkpoint-dir, if there is one.")
    private boolean resume;

    @Option(names = "--since", description = "Start from the records sent at or after this instant (ISO-8601, e.g. 2026-10-01T00:00:00+08:00) instead of the group's committed offsets.")
    private OffsetDateTime since;

    @Option(names = "--start-offsets", split = ",", paramLabel = "TOPIC:PARTITION:OFFSET",
            description = "Start each listed partition at this offset (a replay or a test), instead of the group's committed offsets.")
    private List<String> startOffsets;

    @Option(names = "--bounded", description = "Stop at the offsets that are the latest at start (backfill), instead of running on.")
    private boolean bounded;

    @Override
    public Integer call() throws Exception {
        Path checkpoints = (checkpointDir != null ? checkpointDir : SimulateCommand.repoRoot().resolve("var/checkpoints/ingest")).toAbsolutePath();
        String restoreFrom = restore;
        if (resume && restoreFrom == null) {
            Optional<Path> latest = Checkpoints.latest(checkpoints);
            restoreFrom = latest.map(Path::toString).orElse(null);
            LOG.info("ingest: {}", latest.map(path -> "resuming from " + path).orElse("no retained checkpoint under " + checkpoints + ", starting fresh"));
        }
        JobSettings settings;
        try {
            settings = JobSettings.builder()
                    .bootstrapServers(bootstrap)
                    .groupId(groupId)
                    .catalog(catalogConfig != null ? CatalogSettings.load(catalogConfig) : CatalogSettings.locate())
                    .namespace(namespace)
                    .piiKey(piiKey())
                    .parallelism(parallelism)
                    .checkpointInterval(checkpointInterval)
                    .checkpointDirectory(checkpoints.toUri().toString())
                    .restoreFrom(restoreFrom)
                    .startingTimestamp(since == null ? null : since.toInstant().toEpochMilli())
                    .startingOffsets(startOffsets == null ? null : parseOffsets(startOffsets))
                    .bounded(bounded)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        IngestJob.build(env, settings);
        env.execute("ingest");
        return 0;
    }

    private byte[] piiKey() throws java.io.IOException {
        if (piiKeyFile != null) {
            return Files.readString(piiKeyFile).trim().getBytes(StandardCharsets.UTF_8);
        }
        String fromEnv = System.getenv(PII_KEY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim().getBytes(StandardCharsets.UTF_8);
        }
        if (dev) {
            LOG.warn("ingest: no PII key configured; --dev uses a fixed key that is NOT secret. Never use --dev with real data.");
            return DEV_KEY;
        }
        throw new IllegalArgumentException("no PII key: set $" + PII_KEY_ENV + " or --pii-key-file (or --dev for local development)");
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

    /** Entry point for {@code flink run}: the same options as {@code platform ingest}. */
    public static void main(String[] args) {
        System.exit(PlatformCli.execute(prepend("ingest", args)));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
