package cn.dalian.governance.cli;

import cn.dalian.governance.iceberg.CatalogSettings;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --catalog-config} option (a picocli mixin): where the Iceberg catalog's properties are. */
final class CatalogOption {
    @Spec(Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec mixee;

    @Option(names = "--catalog-config", description = "Iceberg catalog properties (default: -Dgov.catalog.config, $GOV_CATALOG_CONFIG or var/catalog/iceberg-catalog.properties).")
    private Path catalogConfig;

    /** The catalog settings; a missing or malformed file is a usage error (exit 2). */
    CatalogSettings settings() {
        try {
            return catalogConfig != null ? CatalogSettings.load(catalogConfig) : CatalogSettings.locate();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
        }
    }
}
