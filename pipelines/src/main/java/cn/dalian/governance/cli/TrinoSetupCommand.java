package cn.dalian.governance.cli;

import cn.dalian.governance.sql.Schemas;
import cn.dalian.governance.sql.TrinoSetup;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code platform trino-setup}: the curated tables, the analytics and publication schemas and their views. */
@Command(name = "trino-setup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Creates the curated tables of schema gov if missing (as the Flink jobs define them), loads the "
            + "dimension tables, then through Trino creates schemas analytics and publication and (re)creates every "
            + "view of sql/analytics and sql/publication. Idempotent; infra/platform up trino runs it.")
public final class TrinoSetupCommand implements Callable<Integer> {
    @CommandLine.Mixin
    private TrinoOptions trino;

    @CommandLine.Mixin
    private CatalogOption catalog;

    @Override
    public Integer call() throws Exception {
        List<String> views = TrinoSetup.apply(catalog.settings(), trino.url(), trino.sqlDirectory(), Schemas.PLATFORM, System.out);
        System.out.printf("trino-setup: %d views ready at %s%n", views.size(), trino.url());
        return 0;
    }
}
