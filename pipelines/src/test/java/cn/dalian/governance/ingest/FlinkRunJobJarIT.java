package cn.dalian.governance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.simulator.SimulationReport;
import cn.dalian.governance.testing.LocalPostgres;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar as a Flink cluster runs it: Flink's own command-line client ({@code flink run}, here
 * with {@code --target local}) in a separate JVM whose classpath holds only what a Flink distribution
 * ships, so the job's own dependencies (Kafka connector, Iceberg, the PostgreSQL driver) must come
 * from the jar and load in the user-code class loader.
 */
class FlinkRunJobJarIT {
    /** What a Flink distribution's lib/ provides: Flink's modules without connectors, logging, their helpers. */
    private static final Pattern DISTRIBUTION = Pattern.compile(
            ".*/(org/apache/flink/(?!flink-connector-(kafka|base))|org/apache/logging/log4j/|org/slf4j/|commons-|org/apache/commons/"
                    + "|com/esotericsoftware/|org/objenesis/|org/xerial/snappy/|org/lz4/|com/github/luben/|org/javassist/|org/snakeyaml/).*");

    @TempDir
    Path temp;

    @Test
    void flinkRunAcceptsTheJobJarAndItIngestsEveryValidRecord() throws Exception {
        Path jar = Path.of(System.getProperty("gov.job.jar", "target/missing-job.jar"));
        assertTrue(Files.isRegularFile(jar), "no job jar at " + jar + " (mvn package builds it)");
        try (IngestFixture fixture = new IngestFixture()) {
            String startOffsets = fixture.feedEndOffsets().entrySet().stream()
                    .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
            SimulationReport report = fixture.simulate(temp.resolve("report.json"), "--seed", "47", "--start", "2026-11-20", "--scale", "0.05", "--faults", "0.002");
            Files.writeString(temp.resolve("config.yaml"), "");
            String distribution = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> DISTRIBUTION.matcher(entry).matches())
                    .collect(Collectors.joining(File.pathSeparator));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("--add-exports")).forEach(command::add);
            command.addAll(List.of("-Dlog4j.configurationFile=" + Path.of("src/main/resources/log4j2.properties").toAbsolutePath(),
                    "-cp", distribution, "org.apache.flink.client.cli.CliFrontend", "run", "--target", "local", jar.toString(),
                    "--bootstrap", fixture.bootstrap, "--group-id", "gov-" + fixture.namespace, "--namespace", fixture.namespace,
                    "--start-offsets", startOffsets, "--bounded", "--dev",
                    "--checkpoint-dir", temp.resolve("checkpoints").toString(), "--checkpoint-interval", "PT2S"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(temp.resolve("flink-run.log").toFile());
            builder.environment().put("FLINK_CONF_DIR", temp.toString());
            builder.environment().put("GOV_CATALOG_CONFIG", LocalPostgres.catalogConfig().toString());
            Process run = builder.start();
            assertTrue(run.waitFor(5, TimeUnit.MINUTES), "flink run did not finish in 5 minutes");
            String log = Files.readString(temp.resolve("flink-run.log"));
            assertEquals(0, run.exitValue(), "flink run failed:\n" + log.lines().filter(l -> !l.startsWith("\tat ")).limit(40).collect(Collectors.joining("\n")));
            assertTrue(log.contains("reconciled"), "the job logged its reconciliation");
            long expected = report.topic(Topics.GRID_EVENTS).valid + report.topic(Topics.HOTLINE_CASES).valid + report.topic(Topics.POLICE_RISK).valid;
            assertEquals(expected, fixture.rows(GovTables.ITEM_EVENT).size(), "curated transitions");
        }
    }
}
