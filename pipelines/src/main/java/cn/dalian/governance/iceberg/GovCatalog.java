package cn.dalian.governance.iceberg;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.jdbc.JdbcCatalog;

import static java.util.Objects.requireNonNull;

/**
 * Opens the Iceberg JDBC catalog on PostgreSQL (DESIGN section 2). {@link JdbcCatalog} creates its
 * catalog tables in PostgreSQL on initialize if they are missing (Trino does not), so every Java
 * entry point that opens the catalog also initialises it.
 *
 * <p>The warehouse is read and written through {@code HadoopFileIO}; Hadoop needs a
 * {@link Configuration} even for a {@code file://} warehouse. An empty one (no default resources)
 * is enough and keeps stray {@code core-site.xml} files on the classpath out of the picture.
 */
public final class GovCatalog
{
    private GovCatalog() {}

    /** A new, initialised catalog; the caller closes it. */
    public static JdbcCatalog open(CatalogSettings settings)
    {
        requireNonNull(settings, "settings is null");
        JdbcCatalog catalog = new PostgresJdbcCatalog();
        catalog.setConf(hadoopConfiguration());
        catalog.initialize(settings.catalogName(), settings.catalogProperties());
        return catalog;
    }

    /** Serializable catalog loader for Flink sinks and sources; each task opens its own catalog. */
    public static CatalogLoader loader(CatalogSettings settings)
    {
        requireNonNull(settings, "settings is null");
        return CatalogLoader.custom(
                settings.catalogName(),
                settings.catalogProperties(),
                hadoopConfiguration(),
                PostgresJdbcCatalog.class.getName());
    }

    /** Serializable loader of one table, e.g. {@code GovTables.id(settings.namespace(), GovTables.ITEM_EVENT)}. */
    public static TableLoader tableLoader(CatalogSettings settings, TableIdentifier table)
    {
        requireNonNull(table, "table is null");
        return TableLoader.fromCatalog(loader(settings), table);
    }

    /**
     * Drops every table of {@code namespace} with its files, then the namespace itself; nothing if it does not
     * exist. For namespaces of their own (a benchmark, a trial, a test), never the platform's {@code gov}.
     */
    public static void dropNamespace(JdbcCatalog catalog, String namespace)
    {
        requireNonNull(catalog, "catalog is null");
        Namespace name = Namespace.of(requireNonNull(namespace, "namespace is null"));
        if (namespace.equals("gov")) {
            throw new IllegalArgumentException("refusing to drop the platform's namespace gov");
        }
        if (!catalog.namespaceExists(name)) {
            return;
        }
        for (TableIdentifier table : catalog.listTables(name)) {
            catalog.dropTable(table, true);
        }
        catalog.dropNamespace(name);
    }

    static Configuration hadoopConfiguration()
    {
        return new Configuration(false);
    }
}
