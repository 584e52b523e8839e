package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.Item;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.io.WriteResult;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The definitions created in the real PostgreSQL catalog, in a namespace of the test's own. */
class GovTablesTest
{
    private static TestNamespace scratch;

    @BeforeAll
    static void createNamespace()
            throws Exception
    {
        scratch = TestNamespace.create();
        GovTables.ensureAll(scratch.catalog(), scratch.namespace());
    }

    @AfterAll
    static void dropNamespace()
            throws IOException
    {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void ensureAllCreatesEveryTableAsFormatV2()
    {
        for (String name : GovTables.ALL) {
            Table table = load(name);
            assertEquals(2, ((BaseTable) table).operations().current().formatVersion(), name);
            assertTrue(table.schema().sameSchema(GovTables.schema(name)), name + " schema: " + table.schema());
            assertEquals(GovTables.spec(name).fields().size(), table.spec().fields().size(), name);
            assertTrue(GovTables.spec(name).compatibleWith(table.spec()), name + " spec: " + table.spec());
            for (Map.Entry<String, String> property : GovTables.properties(name).entrySet()) {
                if (!property.getKey().equals("format-version")) {
                    assertEquals(property.getValue(), table.properties().get(property.getKey()), name + " " + property.getKey());
                }
            }
            assertTrue(table.location().startsWith(scratch.settings().warehouse()), table.location());
        }
        // Trino reads these as timestamp(6) with time zone
        assertEquals(Types.TimestampType.withZone(), load(GovTables.ITEM_EVENT).schema().findType("occurred_at"));
        assertEquals(Types.TimestampType.withZone(), load(GovTables.DEAD_LETTER).schema().findType("rejected_at"));
        assertEquals(Types.TimestampType.withZone(), load(GovTables.EVAL_RATING).schema().findType("rated_at"));
    }

    @Test
    void ensureAllIsIdempotent()
    {
        Map<String, String> metadataBefore = metadataLocations();

        GovTables.ensureAll(scratch.catalog(), scratch.namespace());
        GovTables.ensureAll(scratch.catalog(), scratch.namespace());

        assertEquals(metadataBefore, metadataLocations());
        assertEquals(GovTables.ALL.size(), scratch.catalog().listTables(Namespace.of(scratch.namespace())).size());
    }

    @Test
    void itemCurrentHasItemIdAsIdentifierField()
    {
        Table table = load(GovTables.ITEM_CURRENT);

        assertEquals(Set.of("item_id"), table.schema().identifierFieldNames());
        assertEquals("true", table.properties().get("write.upsert.enabled"));
        assertTrue(table.spec().isUnpartitioned());
    }

    @Test
    void ensureAllFailsNamingTableAndColumnWhenAnExistingTableLacksAColumn()
            throws Exception
    {
        try (TestNamespace own = TestNamespace.create()) {
            GovTables.ensureAll(own.catalog(), own.namespace());
            TableIdentifier ratings = GovTables.id(own.namespace(), GovTables.EVAL_RATING);
            own.catalog().loadTable(ratings).updateSchema().deleteColumn("score").commit();

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> GovTables.ensureAll(own.catalog(), own.namespace()));

            assertTrue(e.getMessage().contains(GovTables.EVAL_RATING) && e.getMessage().contains("missing column score"), e.getMessage());
        }
    }

    @Test
    void itemRowsWrittenByIcebergFlinkWritersReadBackAsTheItem()
            throws IOException
    {
        Item item = ItemRowsTest.fullyPopulated();
        Item next = Item.newBuilder(item).setEventId("grid-event-000043").setState("HANDLING").setPreviousState("ASSIGNED")
                .setOccurredAt(item.getOccurredAt().plusSeconds(600)).build();
        List<RowData> rows = List.of(ItemRows.toRow(item, "gov.items.v1", 1, 10), ItemRows.toRow(next, "gov.items.v1", 1, 11));

        write(GovTables.ITEM_EVENT, rows, false);
        write(GovTables.ITEM_CURRENT, rows.subList(0, 1), true);
        write(GovTables.ITEM_CURRENT, rows.subList(1, 2), true);

        List<Record> events = readAll(load(GovTables.ITEM_EVENT));
        assertEquals(2, events.size());
        List<Record> current = readAll(load(GovTables.ITEM_CURRENT));
        assertEquals(1, current.size(), "upsert keeps one row per item_id");
        Record row = current.get(0);
        assertEquals("grid-event-000043", row.getField("event_id"));
        assertEquals("HANDLING", row.getField("state"));
        assertEquals(next.getOccurredAt(), ((OffsetDateTime) row.getField("occurred_at")).toInstant());
        assertEquals(List.of("a1b2c3", "d4e5f6"), row.getField("person_keys"));
        assertEquals("DISPUTE", row.getField("matter_group"));
        assertEquals(11L, row.getField("source_offset"));
    }

    /** Writes and commits rows the way the Flink sink's writers do (upsert: equality deletes on the identifier fields). */
    private static void write(String name, List<RowData> rows, boolean upsert)
            throws IOException
    {
        Table table = load(name);
        RowType rowType = GovTables.rowType(name);
        List<Integer> equalityFields = new ArrayList<>(table.schema().identifierFieldIds());
        RowDataTaskWriterFactory factory = new RowDataTaskWriterFactory(
                table, rowType, 128L << 20, FileFormat.PARQUET, new HashMap<>(), equalityFields, upsert);
        factory.initialize(0, 0);
        TaskWriter<RowData> writer = factory.create();
        for (RowData row : rows) {
            writer.write(row);
        }
        WriteResult result = writer.complete();
        RowDelta delta = table.newRowDelta();
        for (DataFile file : result.dataFiles()) {
            delta.addRows(file);
        }
        for (DeleteFile file : result.deleteFiles()) {
            delta.addDeletes(file);
        }
        delta.commit();
    }

    private static List<Record> readAll(Table table)
            throws IOException
    {
        List<Record> records = new ArrayList<>();
        try (CloseableIterable<Record> iterable = IcebergGenerics.read(table).build()) {
            iterable.forEach(record -> records.add(record.copy()));
        }
        return records;
    }

    private static Map<String, String> metadataLocations()
    {
        Map<String, String> locations = new HashMap<>();
        for (String name : GovTables.ALL) {
            locations.put(name, ((BaseTable) load(name)).operations().current().metadataFileLocation());
        }
        return locations;
    }

    private static Table load(String name)
    {
        return scratch.catalog().loadTable(GovTables.id(scratch.namespace(), name));
    }
}
