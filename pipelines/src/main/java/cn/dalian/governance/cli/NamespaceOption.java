package cn.dalian.governance.cli;

import cn.dalian.governance.sql.Schemas;
import picocli.CommandLine.Option;

/** The {@code --namespace} option of the commands that read the curated tables through Trino (a picocli mixin). */
final class NamespaceOption {
    @Option(names = "--namespace", defaultValue = "gov", description = "Schema of the curated tables (default: ${DEFAULT-VALUE}).")
    private String namespace;

    /** The curated tables' schema with the platform's analytics and publication schemas. */
    Schemas schemas() {
        return new Schemas(namespace, Schemas.PLATFORM.analytics(), Schemas.PLATFORM.publication());
    }
}
