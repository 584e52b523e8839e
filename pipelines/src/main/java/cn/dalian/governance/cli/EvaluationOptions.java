package cn.dalian.governance.cli;

import cn.dalian.governance.evaluation.EvaluationConfig;
import cn.dalian.governance.evaluation.EvaluationPeriod;
import java.nio.file.Path;
import picocli.CommandLine;

/** The --period and --config options of evaluate and publish, read as usage errors (exit 2) when wrong. */
final class EvaluationOptions {
    private EvaluationOptions() {}

    static EvaluationPeriod period(CommandLine.Model.CommandSpec spec, String text) {
        try {
            return EvaluationPeriod.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The parameters of {@code file}, or the shipped ones when it is null. */
    static EvaluationConfig parameters(CommandLine.Model.CommandSpec spec, Path file) {
        try {
            return file != null ? EvaluationConfig.load(file) : EvaluationConfig.loadDefault();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
