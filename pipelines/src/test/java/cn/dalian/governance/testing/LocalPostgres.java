package cn.dalian.governance.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real local PostgreSQL behind the Iceberg JDBC catalog, for integration tests.
 * {@code infra/platform test} starts it and passes {@code -Dgov.catalog.config} (the catalog
 * configuration it wrote); a test run without it (plain {@code mvn verify}) starts it with the
 * project's own script, {@code infra/platform up postgres}, which is idempotent and writes
 * {@code var/catalog/iceberg-catalog.properties}.
 */
public final class LocalPostgres {
    /** System property with the path of the catalog configuration file. */
    public static final String CONFIG_PROPERTY = "gov.catalog.config";
    /** Where {@code infra/platform up postgres} writes it (platform.env: ICEBERG_CATALOG_CONFIG). */
    public static final String DEFAULT_CONFIG = "var/catalog/iceberg-catalog.properties";

    private static Path catalogConfig;

    private LocalPostgres() {}

    /** The Iceberg catalog configuration file (catalog-name, uri, jdbc.*, warehouse, namespace). */
    public static synchronized Path catalogConfig() throws IOException, InterruptedException {
        if (catalogConfig != null) {
            return catalogConfig;
        }
        String given = System.getProperty(CONFIG_PROPERTY);
        if (given != null && !given.isBlank()) {
            catalogConfig = existing(Path.of(given).toAbsolutePath().normalize(), "-D" + CONFIG_PROPERTY);
            return catalogConfig;
        }
        Path root = LocalKafka.repoRoot();
        Process up = new ProcessBuilder(root.resolve("infra/platform").toString(), "up", "postgres")
                .directory(root.toFile())
                .inheritIO()
                .start();
        if (up.waitFor() != 0) {
            throw new IllegalStateException("infra/platform up postgres failed with exit code " + up.exitValue());
        }
        catalogConfig = existing(configuredPath(root), "infra/platform up postgres");
        return catalogConfig;
    }

    private static Path configuredPath(Path root) {
        String fromEnv = System.getenv("ICEBERG_CATALOG_CONFIG");
        String path = fromEnv == null || fromEnv.isBlank() ? DEFAULT_CONFIG : fromEnv;
        return root.resolve(path).toAbsolutePath().normalize();
    }

    private static Path existing(Path file, String origin) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no Iceberg catalog configuration at " + file + " (from " + origin
                    + "); run infra/platform up postgres");
        }
        return file;
    }
}
