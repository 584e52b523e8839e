package cn.dalian.governance.cli;

import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.TrinoSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code platform trino-setup}: the curated tables, the analytics and publication schemas and their views. */
@Command(name = "trino-setup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Creates the curated tables of schema gov if missing (as the Flink jobs define them), loads the "
            + "dimension tables, then through Trino creates schemas analytics and publication and (re)creates every "
            + "view of sql/analytics and sql/publication. Idempotent; infra/platform up trino runs it.")
public final class TrinoSetupCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--trino-url", defaultValue = "http://127.0.0.1:18080", description = "Trino server (default: ${DEFAULT-VALUE}).")
    private String trinoUrl;

    @Option(names = "--catalog-config", description = "Iceberg catalog properties (default: -Dgov.catalog.config, $GOV_CATALOG_CONFIG or var/catalog/iceberg-catalog.properties).")
    private Path catalogConfig;

    @Option(names = "--sql-dir", description = "The repository's sql directory (default: sql under the repository root).")
    private Path sqlDir;

    @Override
    public Integer call() throws Exception {
        CatalogSettings settings;
        try {
            settings = catalogConfig != null ? CatalogSettings.load(catalogConfig) : CatalogSettings.locate();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path sql = sqlDir != null ? sqlDir : SimulateCommand.repoRoot().resolve("sql");
        List<String> views = TrinoSetup.apply(settings, trinoUrl, sql, Schemas.PLATFORM, System.out);
        System.out.printf("trino-setup: %d views ready at %s%n", views.size(), trinoUrl);
        return 0;
    }
}
