package cn.dalian.governance.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that works through Trino (a picocli mixin): the server and the repository's SQL. */
final class TrinoOptions {
    @Option(names = "--trino-url", defaultValue = "http://127.0.0.1:18080", description = "Trino server (default: ${DEFAULT-VALUE}).")
    private String trinoUrl;

    @Option(names = "--sql-dir", description = "The repository's sql directory (default: sql under the repository root).")
    private Path sqlDir;

    String url() {
        return trinoUrl;
    }

    Path sqlDirectory() {
        return sqlDir != null ? sqlDir : SimulateCommand.repoRoot().resolve("sql");
    }
}
