package cn.dalian.governance.cli;

import cn.dalian.governance.ingest.IngestJob;
import cn.dalian.governance.job.JobSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    private JobOptions job;

    @Option(names = "--pii-key-file", description = "File holding the HMAC key for pseudonyms (default: $" + PII_KEY_ENV + ").")
    private Path piiKeyFile;

    @Option(names = "--dev", description = "Local development: allow a fixed, non-secret PII key when none is configured.")
    private boolean dev;

    @Override
    public Integer call() throws Exception {
        JobSettings settings;
        try {
            settings = job.settings("ingest").piiKey(piiKey()).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        IngestJob.build(env, settings);
        LocalJobRun.run(env, "ingest", settings.checkpointDirectory());
        return 0;
    }

    private byte[] piiKey() throws IOException {
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

    /** Entry point for {@code flink run}: the same options as {@code platform ingest}. */
    public static void main(String[] args) {
        System.exit(PlatformCli.execute(PlatformCli.prepend("ingest", args)));
    }
}
