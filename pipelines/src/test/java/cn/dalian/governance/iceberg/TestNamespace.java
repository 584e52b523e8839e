package cn.dalian.governance.iceberg;

import cn.dalian.governance.testing.LocalPostgres;
import cn.dalian.governance.testing.WarehouseDirectories;
import org.apache.iceberg.jdbc.JdbcCatalog;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * A namespace of its own, {@code gov_test_<random hex>}, in the real local PostgreSQL catalog
 * (started by {@link LocalPostgres} when needed). Closing drops its tables with their files, then
 * the namespace and, in a local warehouse, the directories left empty; then closes the catalog.
 */
final class TestNamespace
        implements AutoCloseable
{
    private final CatalogSettings settings;
    private final JdbcCatalog catalog;

    private TestNamespace(CatalogSettings settings, JdbcCatalog catalog)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    static TestNamespace create()
            throws Exception
    {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        CatalogSettings settings = CatalogSettings.load(LocalPostgres.catalogConfig())
                .withNamespace("gov_test_" + HexFormat.of().formatHex(random));
        return new TestNamespace(settings, GovCatalog.open(settings));
    }

    CatalogSettings settings()
    {
        return settings;
    }

    JdbcCatalog catalog()
    {
        return catalog;
    }

    String namespace()
    {
        return settings.namespace();
    }

    @Override
    public void close()
            throws IOException
    {
        try {
            GovCatalog.dropNamespace(catalog, namespace());
            WarehouseDirectories.deleteIfEmpty(settings.warehouse(), namespace());
        }
        finally {
            catalog.close();
        }
    }
}
