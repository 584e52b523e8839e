package cn.dalian.governance.cli;

import cn.dalian.governance.bench.Bench;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code platform bench}: throughput, latency, freshness and query speed in one table. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Benchmarks the platform on this machine and prints one table (also written as JSON): the limit (a "
            + "plain consumer decoding the simulated events), ingest and assess throughput on the same events, warning "
            + "latency end to end at fixed input rates with the jobs' consumer lag at the end of each run, Trino freshness, Trino latency of the dashboards' queries over a "
            + "year of data (the simulated week copied), peak heap of each job. Everything runs in a namespace of its own, "
            + "dropped at the end. Takes 10-30 minutes at the defaults; prints progress.",
        footer = {"", "Writes simulated records to the platform's Kafka topics: stop the ingest and assess services first.",
            "", "Examples:",
            "  infra/platform bench                                     # the README's numbers",
            "  infra/platform bench --scale 0.05 --days 1 --weeks 2 --rates 200 --latency-seconds 10   # a smoke run"})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    private String bootstrap;

    @CommandLine.Mixin
    private CatalogOption catalog;

    @CommandLine.Mixin
    private TrinoOptions trino;

    @Option(names = "--seed", defaultValue = "20261005", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--start", defaultValue = "2026-10-05", description = "First simulated day (default: ${DEFAULT-VALUE}).")
    private LocalDate start;

    @Option(names = "--days", defaultValue = "7", description = "Simulated days: the events of the throughput figures and the week copied into a year (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--scale", defaultValue = "2.5", description = "Multiplier on the city's volume; 2.5 gives about a million events a week (default: ${DEFAULT-VALUE}).")
    private double scale;

    @Option(names = "--weeks", defaultValue = "52", description = "Weeks of data for the query figures: the simulated week and its shifted copies (default: ${DEFAULT-VALUE}).")
    private int weeks;

    @Option(names = "--rates", split = ",", defaultValue = "1000,10000,30000", description = "Input rates (events/s) of the latency runs (default: ${DEFAULT-VALUE}).")
    private List<Integer> rates;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of each latency run (default: ${DEFAULT-VALUE}).")
    private int latencySeconds;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S", description = "Checkpoint interval of the live jobs in the latency runs, as on the platform: it sets how fresh Iceberg is (Trino freshness); warnings do not wait for it (default: ${DEFAULT-VALUE}).")
    private Duration checkpointInterval;

    @Option(names = "--query-runs", defaultValue = "5", description = "Timed runs of each dashboard query, after one warm-up (default: ${DEFAULT-VALUE}).")
    private int queryRuns;

    @Option(names = "--report", description = "JSON output (default: var/bench/bench.json).")
    private Path reportFile;

    @Option(names = "--keep", description = "Keep the benchmark's namespace and views (printed) instead of dropping them.")
    private boolean keep;

    @Option(names = "--ingest-only", description = "Stop after the ingest throughput (phases 1-3: the events, the limit, ingest): for iterating on the ingest job.")
    private boolean ingestOnly;

    @Override
    public Integer call() throws Exception {
        if (days < 1 || weeks < 1 || latencySeconds < 1 || queryRuns < 1 || rates.stream().anyMatch(rate -> rate < 10)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--days, --weeks, --latency-seconds and --query-runs must be at least 1 and every rate at least 10");
        }
        Bench bench = Bench.builder()
                .bootstrap(bootstrap).catalog(catalog.settings()).trinoUrl(trino.url()).sqlDirectory(trino.sqlDirectory())
                .seed(seed).start(start).days(days).scale(scale).weeks(weeks).rates(rates)
                .latencyRun(Duration.ofSeconds(latencySeconds)).liveCheckpointInterval(checkpointInterval).queryRuns(queryRuns)
                .keep(keep).ingestOnly(ingestOnly)
                .build();
        Path report = reportFile != null ? reportFile : SimulateCommand.repoRoot().resolve("var/bench/bench.json");
        bench.run(System.out, report.toAbsolutePath());
        return 0;
    }
}
