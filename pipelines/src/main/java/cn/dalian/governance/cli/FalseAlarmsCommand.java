package cn.dalian.governance.cli;

import cn.dalian.governance.assess.AssessmentRules;
import cn.dalian.governance.assess.WarningTally;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.replay.BoundedReplay;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.simulator.KafkaRecordSink;
import cn.dalian.governance.simulator.Pacer;
import cn.dalian.governance.simulator.SimulationConfig;
import cn.dalian.governance.simulator.SimulationReport;
import cn.dalian.governance.simulator.Simulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code platform false-alarms}: the false-alarm rate of the warning rules. Simulates warm-up days and a
 * measured week of the city without scenario incidents into Kafka, runs ingest and assess over exactly
 * those records (bounded, into an Iceberg namespace of its own) and counts the warnings each rule opened
 * in the measured days: with no incident scripted, each is a false alarm.
 */
@Command(name = "false-alarms",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Measures the warning rules' false alarms: simulates a scenario-free week of the whole city (after "
            + "warm-up days for R2's baseline) into Kafka, runs ingest and assess over it into a namespace of its own and "
            + "prints the warnings opened per rule in the measured days. Takes minutes at full scale; prints progress.",
        footer = {"", "Writes the simulated records to the platform's Kafka topics: stop the ingest and assess services first.",
            "", "Examples:",
            "  infra/platform false-alarms                      # the README's numbers",
            "  infra/platform false-alarms --scale 0.3 --days 2 --warm-up-days 1"})
public final class FalseAlarmsCommand implements Callable<Integer> {
    private static final byte[] TRIAL_PII_KEY = "false-alarm-trial-pseudonymisation-key".getBytes(StandardCharsets.UTF_8);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    private String bootstrap;

    @CommandLine.Mixin
    private CatalogOption catalog;

    @Option(names = "--seed", defaultValue = "20261012", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--start", defaultValue = "2026-10-12", description = "First measured day, yyyy-MM-dd, city time (default: ${DEFAULT-VALUE}).")
    private LocalDate start;

    @Option(names = "--days", defaultValue = "7", description = "Measured days (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--warm-up-days", defaultValue = "3", description = "Days simulated before the measured ones, not counted: R2 judges an area after 72 h of history (default: ${DEFAULT-VALUE}).")
    private int warmUpDays;

    @Option(names = "--scale", defaultValue = "1.0", description = "Multiplier on the city's normal volume; the rules' thresholds are absolute, so only 1.0 measures the real rate (default: ${DEFAULT-VALUE}).")
    private double scale;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the two jobs (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--report", description = "Where to write the result as JSON (default: var/false-alarms/report.json).")
    private Path reportFile;

    @Option(names = "--keep", description = "Keep the trial's Iceberg namespace (printed) instead of dropping it at the end.")
    private boolean keep;

    @Override
    public Integer call() throws Exception {
        if (days < 1 || warmUpDays < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days must be at least 1 and --warm-up-days at least 0");
        }
        SimulationConfig simulation;
        try {
            simulation = SimulationConfig.builder().seed(seed).startDay(start.minusDays(warmUpDays)).days(warmUpDays + days).scale(scale).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CatalogSettings catalogSettings = catalog.settings();
        String namespace = "gov_false_alarms_" + HexFormat.of().toHexDigits(System.nanoTime()).substring(8);
        Path work = SimulateCommand.repoRoot().resolve("var/false-alarms").toAbsolutePath();
        Path report = reportFile != null ? reportFile : work.resolve("report.json");
        Instant from = start.atStartOfDay(SimulationConfig.CITY_ZONE).toInstant();
        Instant to = start.plusDays(days).atStartOfDay(SimulationConfig.CITY_ZONE).toInstant();

        BoundedReplay replay = BoundedReplay.builder().bootstrap(bootstrap).catalog(catalogSettings).namespace(namespace).piiKey(TRIAL_PII_KEY)
                .parallelism(parallelism).workDirectory(work.resolve(namespace)).build();
        BoundedReplay.Mark mark = BoundedReplay.Mark.now(bootstrap);
        step("1/3 simulating %d warm-up and %d measured day(s) from %s, seed %d, scale %s, no scenario, into Kafka at %s",
                warmUpDays, days, simulation.startDay(), seed, scale, bootstrap);
        long started = System.nanoTime();
        SimulationReport simulated;
        try (KafkaRecordSink sink = new KafkaRecordSink(bootstrap)) {
            simulated = new Simulator(simulation, AreaRegistry.loadDefault(), MatterCatalogue.loadDefault(), System.err)
                    .run(sink, new Pacer(0, 0, simulation.start())).report();
        }
        long afterSimulation = System.nanoTime();

        step("2/3 ingest over the %,d records just sent, into the namespace %s", simulated.records, namespace);
        double ingestSeconds = replay.ingest(mark);
        step("3/3 assess over the items ingest published");
        double assessSeconds = replay.assess(mark, AssessmentRules.loadDefault());

        WarningTally tally;
        try (JdbcCatalog jdbc = GovCatalog.open(catalogSettings)) {
            tally = tally(jdbc, TableIdentifier.of(namespace, GovTables.WARNING), from, to);
            if (!keep) {
                GovCatalog.dropNamespace(jdbc, namespace);
            }
        }

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        tally.print(new PrintStream(table, true, StandardCharsets.UTF_8));
        System.out.printf("%nWarnings opened on %d scenario-free day(s) %s .. %s (seed %d, scale %s, after %d warm-up day(s)); "
                + "each is a false alarm, R5 excepted (it supervises items really overdue):%n%n", days, start, start.plusDays(days - 1), seed, scale, warmUpDays);
        System.out.print(table.toString(StandardCharsets.UTF_8));
        System.out.printf("%ntimes: simulate %.0f s, ingest %.0f s, assess %.0f s; namespace %s %s; report %s%n",
                seconds(started, afterSimulation), ingestSeconds, assessSeconds,
                namespace, keep ? "kept" : "dropped", report.toAbsolutePath());
        writeReport(report, namespace, simulated, tally, table.toString(StandardCharsets.UTF_8));
        return 0;
    }

    /** Tallies the warning rows of {@code table} opened in [from, to). */
    static WarningTally tally(JdbcCatalog catalog, TableIdentifier table, Instant from, Instant to) throws Exception {
        WarningTally.Builder tally = WarningTally.builder(from, to);
        try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(table)).build()) {
            for (Record row : rows) {
                tally.add((String) row.getField("warning_id"), (String) row.getField("rule"), (String) row.getField("area_code"),
                        (String) row.getField("status"), (String) row.getField("level"), ((OffsetDateTime) row.getField("changed_at")).toInstant());
            }
        }
        return tally.build();
    }

    private void writeReport(Path file, String namespace, SimulationReport simulated, WarningTally tally, String table) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seed", seed);
        json.put("scale", scale);
        json.put("warmUpDays", warmUpDays);
        json.put("from", tally.from().toString());
        json.put("to", tally.to().toString());
        json.put("records", simulated.records);
        json.put("namespace", keep ? namespace : null);
        json.put("rules", tally.rules());
        json.put("table", table);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static void step(String format, Object... args) {
        System.err.printf("false-alarms: " + format + "%n", args);
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
