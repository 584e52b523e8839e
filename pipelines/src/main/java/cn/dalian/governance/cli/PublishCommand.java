package cn.dalian.governance.cli;

import cn.dalian.governance.evaluation.EvaluationConfig;
import cn.dalian.governance.evaluation.EvaluationPeriod;
import cn.dalian.governance.publication.Publisher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code platform publish}: the public evaluation files of a period, and {@code --verify} of a published directory. */
@Command(name = "publish",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Publishes the evaluation of a period (Art. 44): reads through Trino (as user publisher) the datasets of "
            + "sql/publication/evaluation_*.sql, each table pinned to its current Iceberg snapshot, and writes to a new directory "
            + "evaluation_area, evaluation_hot_topic and evaluation_parameters as .csv and .json (UTF-8, bilingual headers), "
            + "report.html (self-contained, SVG charts, methods) and manifest.json (snapshot ids, SQL, generation time, SHA-256 of "
            + "each file). Streets/townships and above only; counts below 5 suppressed. The same snapshots give byte-identical "
            + "files (manifest.json differs by its generation time). --verify DIR re-runs DIR's manifest at its snapshots and "
            + "prints OK or DIFFERS per file (exit 0 when every file is reproduced, 1 otherwise).")
public final class PublishCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--period", paramLabel = "PERIOD", description = "Period to publish: 2026-10, 2026-Q3 or 2026 (evaluated by platform evaluate).")
    private String period;

    @Option(names = "--out", paramLabel = "DIR", description = "New (or empty) directory for the files (default: var/publication/PERIOD).")
    private Path out;

    @Option(names = "--verify", paramLabel = "DIR", description = "Instead of publishing: re-run DIR's manifest and report whether every file is reproduced.")
    private Path verify;

    @CommandLine.Mixin
    private TrinoOptions trino;

    @Option(names = "--user", defaultValue = Publisher.PUBLISHER_USER, description = "Trino user (default: ${DEFAULT-VALUE}; group publisher in sql/access/groups.txt).")
    private String user;

    @CommandLine.Mixin
    private NamespaceOption namespace;

    @Option(names = "--config", paramLabel = "FILE", description = "Evaluation parameters, for the minimum count (default: the shipped evaluation/evaluation.properties).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        if (verify != null) {
            if (period != null || out != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--verify DIR takes no --period or --out: the manifest says what was published");
            }
            List<Publisher.FileCheck> checks;
            try {
                checks = Publisher.verify(trino.url(), user, trino.sqlDirectory(), verify, System.out);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            long failed = 0;
            for (Publisher.FileCheck check : checks) {
                if (check.reproduced()) {
                    System.out.printf("OK       %-28s sha256 %s%n", check.file(), check.manifestSha256());
                } else {
                    failed++;
                    System.out.printf("DIFFERS  %-28s manifest %s, reproduced %s, on disk %s%n", check.file(), check.manifestSha256(), check.reproducedSha256(),
                            check.onDiskSha256());
                }
            }
            System.out.printf("verify: %d of %d files reproduced%n", checks.size() - failed, checks.size());
            return failed == 0 ? 0 : 1;
        }
        if (period == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --period PERIOD (publish) or --verify DIR");
        }
        EvaluationPeriod parsed = EvaluationOptions.period(spec, period);
        EvaluationConfig parameters = EvaluationOptions.parameters(spec, config);
        Path target = out != null ? out : SimulateCommand.repoRoot().resolve("var/publication").resolve(parsed.label());
        try {
            Publisher.publish(trino.url(), user, trino.sqlDirectory(), namespace.schemas(), parsed, parameters.minCount(), target, System.out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        System.out.printf("publish: %s published in %s%n", parsed, target);
        return 0;
    }
}
