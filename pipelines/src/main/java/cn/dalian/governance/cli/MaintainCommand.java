package cn.dalian.governance.cli;

import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.sql.TableMaintenance;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code platform maintain}: compaction and snapshot expiry of the curated tables through Trino. */
@Command(name = "maintain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Compacts small files, expires snapshots older than --retain and removes orphan files of every "
            + "curated table (or those named) through Trino, by the statements of sql/maintenance/ (compact.sql: a day-partitioned table "
            + "in windows of at most 7 days; maintain.sql); "
            + "prints data files and snapshots before and after. Safe while the jobs run (a lost commit race is retried).")
public final class MaintainCommand implements Callable<Integer> {
    private static final Pattern RETENTION = Pattern.compile("\\d+(\\.\\d+)?(ms|s|m|h|d)");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private TrinoOptions trino;

    @Option(names = "--retain", defaultValue = "7d", description = "Keep snapshots (time travel) this long, a Trino duration such as 7d or 12h (default: ${DEFAULT-VALUE}).")
    private String retain;

    @CommandLine.Mixin
    private NamespaceOption namespace;

    @CommandLine.Parameters(paramLabel = "TABLE", arity = "0..*", description = "Tables to maintain (default: every curated table).")
    private List<String> tables;

    @Override
    public Integer call() throws Exception {
        if (!RETENTION.matcher(retain).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--retain must be a duration like 7d, 12h or 30m, got '" + retain + "'");
        }
        List<String> chosen = tables == null || tables.isEmpty() ? GovTables.ALL : tables;
        for (String table : chosen) {
            if (!GovTables.ALL.contains(table)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown table '" + table + "' (tables: " + String.join(", ", GovTables.ALL) + ")");
            }
        }
        var results = TableMaintenance.run(trino.url(), trino.sqlDirectory(), namespace.schemas(), chosen, retain, System.out);
        long before = results.stream().mapToLong(TableMaintenance.Result::filesBefore).sum();
        long after = results.stream().mapToLong(TableMaintenance.Result::filesAfter).sum();
        System.out.printf("maintain: %d tables, data files %d -> %d%n", results.size(), before, after);
        return 0;
    }
}
