package cn.dalian.governance.cli;

import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.reference.ReferenceDataException;
import cn.dalian.governance.simulator.ExpectedWarning;
import cn.dalian.governance.simulator.FaultKind;
import cn.dalian.governance.simulator.FileRecordSink;
import cn.dalian.governance.simulator.KafkaRecordSink;
import cn.dalian.governance.simulator.Pacer;
import cn.dalian.governance.simulator.RecordSink;
import cn.dalian.governance.simulator.Scenario;
import cn.dalian.governance.simulator.SimulationConfig;
import cn.dalian.governance.simulator.Simulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code platform simulate}: city-scale feeds into Kafka or files, with faults and scenario incidents. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Simulates the grid, 12345 hotline, police risk and evaluation-rating feeds of the whole city. "
            + "Deterministic for a given seed and options. Prints a progress line on long runs and a report of the "
            + "records per topic, kind and fault; writes the report (and the scenario's ground truth) as JSON.",
        footer = {"", "Examples:",
            "  infra/platform simulate --days 1 --to kafka",
            "  infra/platform simulate --days 7 --to files --out var/sim/week --faults 0.002 --duplicates 0.01 --late 0.01",
            "  infra/platform simulate --start 2026-10-01 --days 4 --scenario infra/scenarios/incidents.json --to kafka"})
public final class SimulateCommand implements Callable<Integer> {
    /** Where the records go. */
    enum Target { kafka, files }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "20240701")
    private long seed;

    @Option(names = "--start", description = "First simulated day, yyyy-MM-dd, city time (default: ${DEFAULT-VALUE}).", defaultValue = "2026-10-01")
    private LocalDate start;

    @Option(names = "--days", description = "Number of days to simulate (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private int days;

    @Option(names = "--scale", description = "Multiplier on the city's normal volume (default: ${DEFAULT-VALUE}).", defaultValue = "1.0")
    private double scale;

    @Option(names = "--to", description = "Output: kafka or files (default: ${DEFAULT-VALUE}).", defaultValue = "files")
    private Target target;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers, with --to kafka.")
    private String bootstrap;

    @Option(names = "--out", description = "Directory for --to files (default: var/sim/files).")
    private Path out;

    @Option(names = "--report", description = "Where to write the JSON run report (default: report.json in --out, or var/sim/kafka-report.json).")
    private Path reportFile;

    @Option(names = "--scenario", description = "Scenario file of scripted incidents (JSON).")
    private Path scenarioFile;

    @Option(names = "--ground-truth", description = "Where to write the expected warnings of the scenario (default: ground-truth.json beside the report).")
    private Path groundTruthFile;

    @Option(names = "--faults", description = "Share of valid records that get a faulty sibling, for every fault kind (0 to 0.5).", defaultValue = "0")
    private double allFaults;

    @Option(names = "--fault", description = "Share for one fault kind, KIND=SHARE, repeatable; kinds: ${COMPLETION-CANDIDATES}.")
    private Map<FaultKind, Double> faults = new LinkedHashMap<>();

    @Option(names = "--duplicates", description = "Share of valid records sent twice (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private double duplicates;

    @Option(names = "--late", description = "Share of items whose records arrive 1 to 6 h late (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private double late;

    @Option(names = "--old-writers", description = "Share of police signals sent with schema v1 (default: ${DEFAULT-VALUE}).", defaultValue = "0.2")
    private double oldWriters;

    @Option(names = "--rate", description = "Send at most this many records per second (load testing).", defaultValue = "0")
    private double rate;

    @Option(names = "--speedup", description = "Run simulated time this many times faster than real time (e.g. 3600: an hour a second).", defaultValue = "0")
    private double speedup;

    @Option(names = "--areas", description = "Area registry CSV (default: the shipped reference/areas.csv).")
    private Path areasFile;

    @Option(names = "--matters", description = "Matter catalogue CSV (default: the shipped reference/matters.csv).")
    private Path mattersFile;

    @Override
    public Integer call() throws Exception {
        SimulationConfig config;
        Pacer pacer;
        try {
            SimulationConfig.Builder builder = SimulationConfig.builder()
                    .seed(seed).startDay(start).days(days).scale(scale)
                    .allFaults(allFaults).duplicateShare(duplicates).lateShare(late).oldWriterShare(oldWriters);
            faults.forEach(builder::fault);
            if (scenarioFile != null) {
                builder.scenario(Scenario.read(scenarioFile));
            }
            config = builder.build();
            pacer = new Pacer(rate, speedup, config.start());
            if (target == Target.kafka && (bootstrap == null || bootstrap.isBlank())) {
                throw new IllegalArgumentException("--to kafka needs --bootstrap host:port");
            }
            if (target == Target.files && bootstrap != null) {
                throw new IllegalArgumentException("--bootstrap only goes with --to kafka");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }

        AreaRegistry areas;
        MatterCatalogue matters;
        try {
            areas = areasFile == null ? AreaRegistry.loadDefault() : AreaRegistry.load(areasFile);
            matters = mattersFile == null ? MatterCatalogue.loadDefault() : MatterCatalogue.load(mattersFile);
        } catch (ReferenceDataException e) {
            System.err.println("simulate: bad reference data: " + e.getMessage());
            return 1;
        }

        Path varDir = repoRoot().resolve("var/sim");
        Path outDir = out != null ? out : varDir.resolve("files");
        Path report = reportFile != null ? reportFile
                : target == Target.files ? outDir.resolve("report.json") : varDir.resolve("kafka-report.json");
        System.err.printf("simulate: %d day(s) from %s, seed %d, scale %s, to %s%n", days, start, seed, scale,
                target == Target.kafka ? "Kafka at " + bootstrap : outDir.toAbsolutePath());

        long startNanos = System.nanoTime();
        Simulator.Result result;
        try (RecordSink sink = target == Target.kafka ? new KafkaRecordSink(bootstrap) : new FileRecordSink(outDir)) {
            result = new Simulator(config, areas, matters, System.err).run(sink, pacer);
        } catch (IllegalArgumentException e) {
            System.err.println("simulate: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        result.report().write(report);
        result.report().print(System.out);
        System.out.printf("sent %,d records in %.1f s (%,.0f records/s); report: %s%n",
                result.report().records, seconds, result.report().records / Math.max(seconds, 1e-9), report.toAbsolutePath());
        if (config.scenario().isPresent()) {
            Path truth = groundTruthFile != null ? groundTruthFile : report.toAbsolutePath().getParent().resolve("ground-truth.json");
            writeGroundTruth(truth, result);
            System.out.printf("ground truth: %d expected warnings in %s%n", result.expectedWarnings().size(), truth.toAbsolutePath());
        }
        return 0;
    }

    private static void writeGroundTruth(Path file, Simulator.Result result) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writerFor(ExpectedWarning[].class)
                .writeValue(file.toFile(), result.expectedWarnings().toArray(new ExpectedWarning[0]));
    }

    /** The repository root: $GOV_REPO_ROOT (set by infra/platform), else -Dgov.repo.root (tests), else the working directory. */
    static Path repoRoot() {
        String root = System.getenv("GOV_REPO_ROOT");
        if (root == null || root.isBlank()) {
            root = System.getProperty("gov.repo.root");
        }
        return Path.of(root == null || root.isBlank() ? "." : root);
    }
}
