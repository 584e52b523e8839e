package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.DeadLetter;
import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.Item;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table definitions themselves, without a catalog. */
class GovTablesDefinitionTest
{
    private static final List<String> LINEAGE = List.of("source_topic", "source_partition", "source_offset");

    @Test
    void itemTablesHaveEveryItemFieldInAvroOrderWithItsDocThenLineage()
    {
        for (String table : List.of(GovTables.ITEM_EVENT, GovTables.ITEM_CURRENT)) {
            Schema schema = GovTables.schema(table);
            assertMirrors(Item.getClassSchema(), schema.columns().subList(0, Item.getClassSchema().getFields().size()));
            assertEquals(LINEAGE, names(schema.columns()).subList(Item.getClassSchema().getFields().size(), schema.columns().size()));
        }
        assertEquals(GovTables.schema(GovTables.ITEM_EVENT).asStruct(), GovTables.schema(GovTables.ITEM_CURRENT).asStruct());
    }

    @Test
    void deadLetterAndRatingTablesMirrorTheirAvroRecords()
    {
        assertMirrors(DeadLetter.getClassSchema(), GovTables.schema(GovTables.DEAD_LETTER).columns());
        assertMirrors(EvaluationRating.getClassSchema(), GovTables.schema(GovTables.EVAL_RATING).columns());
    }

    @Test
    void instantsAreTimestampWithTimeZoneForTrino()
    {
        Map<String, List<String>> instants = Map.of(
                GovTables.ITEM_EVENT, List.of("occurred_at", "ingested_at", "dispatch_due_at", "resolve_due_at"),
                GovTables.ITEM_CURRENT, List.of("occurred_at", "ingested_at", "dispatch_due_at", "resolve_due_at"),
                GovTables.DEAD_LETTER, List.of("source_timestamp", "rejected_at"),
                GovTables.EVAL_RATING, List.of("rated_at"));
        for (String table : GovTables.ALL) {
            for (NestedField column : GovTables.schema(table).columns()) {
                boolean instant = instants.getOrDefault(table, List.of()).contains(column.name());
                if (instant) {
                    assertEquals(Types.TimestampType.withZone(), column.type(), table + "." + column.name());
                }
                else {
                    assertFalse(column.type().equals(Types.TimestampType.withoutZone()), table + "." + column.name() + " is a timestamp without zone");
                }
            }
        }
        RowType itemRow = GovTables.rowType(GovTables.ITEM_EVENT);
        assertEquals(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE, itemRow.getTypeAt(itemRow.getFieldIndex("occurred_at")).getTypeRoot());
    }

    @Test
    void everyColumnHasADoc()
    {
        for (String table : GovTables.ALL) {
            for (NestedField column : GovTables.schema(table).columns()) {
                assertNotNull(column.doc(), table + "." + column.name());
                assertFalse(column.doc().isBlank(), table + "." + column.name());
            }
        }
    }

    @Test
    void fieldIdsAreNumberedTopLevelFirstAsACatalogDoes()
    {
        for (String table : GovTables.ALL) {
            List<NestedField> columns = GovTables.schema(table).columns();
            for (int i = 0; i < columns.size(); i++) {
                assertEquals(i + 1, columns.get(i).fieldId(), table + "." + columns.get(i).name());
            }
        }
        Type personKeys = GovTables.schema(GovTables.ITEM_EVENT).findType("person_keys");
        assertEquals(Types.ListType.ofRequired(GovTables.schema(GovTables.ITEM_EVENT).columns().size() + 1, Types.StringType.get()), personKeys);
    }

    @Test
    void itemCurrentHasItemIdAsIdentifierFieldAndUpsertEnabled()
    {
        assertEquals(Set.of("item_id"), GovTables.schema(GovTables.ITEM_CURRENT).identifierFieldNames());
        assertEquals("true", GovTables.properties(GovTables.ITEM_CURRENT).get("write.upsert.enabled"));
        // Flink upsert needs every partition source column among the equality fields: item_current is unpartitioned
        assertTrue(GovTables.spec(GovTables.ITEM_CURRENT).isUnpartitioned());
        assertEquals(Set.of(), GovTables.schema(GovTables.ITEM_EVENT).identifierFieldNames());
        assertFalse(GovTables.properties(GovTables.ITEM_EVENT).containsKey("write.upsert.enabled"));
    }

    @Test
    void partitioningIsByDayAndDistrictForEventsAndByDayForDeadLetters()
    {
        assertEquals(List.of("day(occurred_at)", "identity(district_code)"), describe(GovTables.spec(GovTables.ITEM_EVENT)));
        assertEquals(List.of("day(rejected_at)"), describe(GovTables.spec(GovTables.DEAD_LETTER)));
        for (String table : List.of(GovTables.ITEM_CURRENT, GovTables.EVAL_RATING, GovTables.DIM_AREA, GovTables.DIM_MATTER)) {
            assertTrue(GovTables.spec(table).isUnpartitioned(), table);
        }
    }

    @Test
    void everyTableIsFormatV2ParquetWithMetadataCleanUp()
    {
        for (String table : GovTables.ALL) {
            Map<String, String> properties = GovTables.properties(table);
            assertEquals("2", properties.get("format-version"), table);
            assertEquals("parquet", properties.get("write.format.default"), table);
            assertEquals("true", properties.get("write.metadata.delete-after-commit.enabled"), table);
            assertEquals("20", properties.get("write.metadata.previous-versions-max"), table);
        }
    }

    @Test
    void dimensionTablesHaveTheReferenceColumns()
    {
        assertEquals(List.of("code", "level", "parent_code", "district_code", "street_code", "community_code", "name_zh", "name_en",
                        "population", "urban", "grid_type", "grid_staff", "latitude", "longitude", "official"),
                names(GovTables.schema(GovTables.DIM_AREA).columns()));
        assertEquals(Types.LongType.get(), GovTables.schema(GovTables.DIM_AREA).findType("population"));
        assertEquals(List.of("code", "version", "name_zh", "name_en", "matter_group", "grid_admitted", "committee_listed", "department",
                        "dispatch_hours_normal", "resolve_hours_normal", "dispatch_hours_urgent", "resolve_hours_urgent",
                        "dispatch_hours_emergency", "resolve_hours_emergency", "effective_from", "effective_to"),
                names(GovTables.schema(GovTables.DIM_MATTER).columns()));
        assertEquals(Types.DoubleType.get(), GovTables.schema(GovTables.DIM_MATTER).findType("resolve_hours_emergency"));
        assertEquals(Types.DateType.get(), GovTables.schema(GovTables.DIM_MATTER).findType("effective_to"));
        assertEquals(Set.of("code", "version"), GovTables.schema(GovTables.DIM_MATTER).identifierFieldNames());
    }

    @Test
    void rowTypeHasTheSchemaColumnsInOrder()
    {
        for (String table : GovTables.ALL) {
            assertEquals(names(GovTables.schema(table).columns()), GovTables.rowType(table).getFieldNames(), table);
        }
    }

    @Test
    void unknownTableIsRejectedListingTheDefinedOnes()
    {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GovTables.schema("item_events"));

        assertTrue(e.getMessage().contains("item_events") && e.getMessage().contains(GovTables.ITEM_EVENT), e.getMessage());
    }

    @Test
    void idPutsTheTableInTheNamespace()
    {
        assertEquals("gov.item_event", GovTables.id("gov", GovTables.ITEM_EVENT).toString());
    }

    /** Same field names, order and docs; optional exactly where the Avro field is a union with null. */
    private static void assertMirrors(org.apache.avro.Schema record, List<NestedField> columns)
    {
        List<org.apache.avro.Schema.Field> fields = record.getFields();
        assertEquals(fields.stream().map(org.apache.avro.Schema.Field::name).toList(), names(columns), record.getName());
        for (int i = 0; i < fields.size(); i++) {
            org.apache.avro.Schema.Field field = fields.get(i);
            NestedField column = columns.get(i);
            assertEquals(field.doc(), column.doc(), record.getName() + "." + field.name());
            boolean nullable = field.schema().isNullable();
            assertEquals(nullable, column.isOptional(), record.getName() + "." + field.name() + " optional");
        }
    }

    private static List<String> names(List<NestedField> columns)
    {
        List<String> names = new ArrayList<>();
        columns.forEach(column -> names.add(column.name()));
        return names;
    }

    private static List<String> describe(PartitionSpec spec)
    {
        List<String> fields = new ArrayList<>();
        for (PartitionField field : spec.fields()) {
            fields.add(field.transform() + "(" + spec.schema().findColumnName(field.sourceId()) + ")");
        }
        return fields;
    }
}
