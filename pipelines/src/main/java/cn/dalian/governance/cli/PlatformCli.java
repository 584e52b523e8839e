package cn.dalian.governance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the platform's Java CLI; {@code infra/platform} calls it. */
@Command(name = "platform",
        mixinStandardHelpOptions = true,
        version = "governance-platform 0.1.0",
        description = "Dalian grassroots governance data platform: Java commands behind infra/platform.",
        subcommands = {SimulateCommand.class, IngestCommand.class, AssessCommand.class, FalseAlarmsCommand.class, BenchCommand.class, TrinoSetupCommand.class, MaintainCommand.class, EvaluateCommand.class, PublishCommand.class, CommandLine.HelpCommand.class})
public final class PlatformCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int execute(String... args) {
        return new CommandLine(new PlatformCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(PlatformCli::usageError)
                .execute(args);
    }

    /** {@code first} followed by {@code rest}: a job's main() prepends its subcommand. */
    static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** A wrong argument: say what is wrong and where help is, without the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getCommandName() + ": " + e.getMessage());
        command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'simulate' (see --help)");
    }
}
