package cn.dalian.governance.iceberg;

import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loaders Flink ships to its tasks reach the same real PostgreSQL catalog after serialization. */
class GovCatalogTest
{
    @Test
    void serializedLoadersOpenTheSameCatalogAndTable()
            throws Exception
    {
        try (TestNamespace scratch = TestNamespace.create()) {
            GovTables.ensureAll(scratch.catalog(), scratch.namespace());
            TableIdentifier id = GovTables.id(scratch.namespace(), GovTables.ITEM_CURRENT);

            Catalog fromLoader = roundTrip(GovCatalog.loader(scratch.settings())).loadCatalog();
            assertTrue(fromLoader.tableExists(id));
            assertEquals(scratch.settings().catalogName(), fromLoader.name());

            try (TableLoader tableLoader = roundTrip(GovCatalog.tableLoader(scratch.settings(), id))) {
                tableLoader.open();
                assertEquals(scratch.catalog().loadTable(id).uuid(), tableLoader.loadTable().uuid());
            }
            if (fromLoader instanceof AutoCloseable) {
                ((AutoCloseable) fromLoader).close();
            }
        }
    }

    @Test
    void dropNamespaceDropsEveryTableThenTheNamespaceAndRefusesGov()
            throws Exception
    {
        try (TestNamespace scratch = TestNamespace.create()) {
            GovTables.ensureAll(scratch.catalog(), scratch.namespace());
            assertEquals(GovTables.ALL.size(), scratch.catalog().listTables(Namespace.of(scratch.namespace())).size());

            GovCatalog.dropNamespace(scratch.catalog(), scratch.namespace());

            assertFalse(scratch.catalog().namespaceExists(Namespace.of(scratch.namespace())));
            GovCatalog.dropNamespace(scratch.catalog(), scratch.namespace()); // gone already: nothing to do
            assertThrows(IllegalArgumentException.class, () -> GovCatalog.dropNamespace(scratch.catalog(), "gov"));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value)
            throws IOException, ClassNotFoundException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
