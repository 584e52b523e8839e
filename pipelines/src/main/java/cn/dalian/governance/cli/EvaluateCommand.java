package cn.dalian.governance.cli;

import cn.dalian.governance.evaluation.Evaluation;
import cn.dalian.governance.evaluation.EvaluationConfig;
import cn.dalian.governance.evaluation.EvaluationPeriod;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code platform evaluate}: the periodic evaluation of DESIGN section 8 into gov.eval_score and gov.eval_topic. */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Evaluates every street/township, community, district and the city for one period (DESIGN section 8): "
            + "volume, completion, on-time completion, timely acceptance, return, reopen, median handling hours, hotline "
            + "satisfaction, repeat complaints, mediation success, warning response, off-list assignments, two-way evaluation "
            + "(Art. 43), composite, ranks, grade, red/black lists, units under the minimum satisfaction, hot topics. "
            + "Through Trino as user platform by the SQL of sql/evaluation/ with the parameters of one file "
            + "(evaluation/evaluation.properties); re-running a period replaces its rows of gov.eval_score and gov.eval_topic, "
            + "each table in one commit.")
public final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--period", required = true, paramLabel = "PERIOD",
            description = "A month (2026-10), a quarter (2026-Q3) or a year (2026); bounds are Asia/Shanghai midnights.")
    private String period;

    @CommandLine.Mixin
    private TrinoOptions trino;

    @CommandLine.Mixin
    private NamespaceOption namespace;

    @Option(names = "--config", paramLabel = "FILE", description = "Evaluation parameters (default: the shipped evaluation/evaluation.properties).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        EvaluationPeriod parsed = EvaluationOptions.period(spec, period);
        EvaluationConfig parameters = EvaluationOptions.parameters(spec, config);
        Instant now = Instant.now();
        if (parsed.end().isAfter(now)) {
            System.out.printf("evaluate: %s is not over yet: its figures are those of the items received so far, as they stand now%n", parsed);
        }
        System.out.printf("evaluate: %s (%s to %s, Asia/Shanghai), parameters %s%n", parsed, parsed.firstDay(), parsed.endDay().minusDays(1), parameters.source());
        Evaluation.Result result = Evaluation.run(trino.url(), trino.sqlDirectory(), namespace.schemas(), parsed, parameters, now, System.out);
        System.out.printf("evaluate: %s done in %.1f s: areas %s; %d hot-topic rows (%d hot)%n", parsed, result.seconds(), result.areasByLevel(), result.topicRows(),
                result.hotTopics());
        return 0;
    }
}
