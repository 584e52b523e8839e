package cn.dalian.governance.cli;

import cn.dalian.governance.assess.AssessJob;
import cn.dalian.governance.assess.AssessmentRules;
import cn.dalian.governance.job.JobSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code platform assess}: runs the assess job, in-process on a Flink MiniCluster or under {@code flink run}. */
@Command(name = "assess",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the assess job: conformed items of Kafka gov.items.v1 -> hourly aggregates per area level "
            + "(gov.area_hourly) and risk warnings (gov.warning, Kafka gov.warnings.v1), exactly once, by the rules of "
            + "one file (default: the shipped assess/rules.properties).")
public final class AssessCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private JobOptions job;

    @Option(names = "--rules", description = "Assessment rules file (default: the shipped assess/rules.properties).")
    private Path rulesFile;

    @Option(names = "--out-of-orderness", description = "Watermark bound, ISO-8601, overriding the rules file's (PT15M): how far behind the newest event time the clock that closes hours, fires R5 deadlines and clears warnings runs. Rules judge on arrival whatever it is.")
    private java.time.Duration outOfOrderness;

    @Override
    public Integer call() throws Exception {
        JobSettings settings;
        AssessmentRules rules;
        try {
            settings = job.settings("assess").build();
            rules = rulesFile == null ? AssessmentRules.loadDefault() : AssessmentRules.load(rulesFile);
            if (outOfOrderness != null) {
                rules = rules.withWatermarkOutOfOrderness(outOfOrderness);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        AssessJob.build(env, settings, rules);
        LocalJobRun.run(env, "assess", settings.checkpointDirectory());
        return 0;
    }

    /** Entry point for {@code flink run -c cn.dalian.governance.cli.AssessCommand}: the same options as {@code platform assess}. */
    public static void main(String[] args) {
        System.exit(PlatformCli.execute(PlatformCli.prepend("assess", args)));
    }
}
