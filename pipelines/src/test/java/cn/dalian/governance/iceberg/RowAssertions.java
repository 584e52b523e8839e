package cn.dalian.governance.iceberg;

import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Reads a converted row back through Flink's own field getters and compares it with its source. */
final class RowAssertions
{
    private RowAssertions() {}

    /**
     * The row has the table's arity, each field has the internal class of its column's type (Flink's
     * binary serializer accepts the row), and each column named like a field of {@code source}
     * holds that field's value (enums as their names). Returns the values read back by column name.
     */
    static Map<String, Object> assertRowMatches(String table, RowData row, GenericRecord source)
    {
        RowType type = GovTables.rowType(table);
        assertEquals(type.getFieldCount(), row.getArity(), table + " arity");
        new RowDataSerializer(type).toBinaryRow(row);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            String name = type.getFieldNames().get(i);
            LogicalType columnType = type.getTypeAt(i);
            Object value = RowData.createFieldGetter(columnType, i).getFieldOrNull(row);
            if (!columnType.isNullable()) {
                assertNotNull(value, table + "." + name + " is NOT NULL");
            }
            values.put(name, toJava(table + "." + name, columnType, value));
        }
        for (org.apache.avro.Schema.Field field : source.getSchema().getFields()) {
            String name = field.name();
            Object expected = normalise(source.get(name));
            Object actual = values.get(name);
            if (expected instanceof byte[]) {
                assertArrayEquals((byte[]) expected, (byte[]) actual, table + "." + name);
            }
            else {
                assertEquals(expected, actual, table + "." + name);
            }
        }
        return values;
    }

    private static Object toJava(String column, LogicalType type, Object value)
    {
        if (value == null) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case VARCHAR:
                return assertInstanceOf(StringData.class, value, column).toString();
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return assertInstanceOf(TimestampData.class, value, column).toInstant();
            case ARRAY:
                ArrayData array = assertInstanceOf(ArrayData.class, value, column);
                List<String> elements = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    elements.add(array.getString(i).toString());
                }
                return elements;
            case VARBINARY:
                return assertInstanceOf(byte[].class, value, column);
            case INTEGER:
                return assertInstanceOf(Integer.class, value, column);
            case BIGINT:
                return assertInstanceOf(Long.class, value, column);
            case BOOLEAN:
                return assertInstanceOf(Boolean.class, value, column);
            case DOUBLE:
                return assertInstanceOf(Double.class, value, column);
            default:
                throw new AssertionError(column + " has a type the converters do not produce: " + type);
        }
    }

    private static Object normalise(Object avroValue)
    {
        if (avroValue instanceof Enum<?>) {
            return ((Enum<?>) avroValue).name();
        }
        if (avroValue instanceof CharSequence) {
            return avroValue.toString();
        }
        if (avroValue instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) avroValue).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        if (avroValue instanceof List<?>) {
            List<String> strings = new ArrayList<>();
            ((List<?>) avroValue).forEach(element -> strings.add(element.toString()));
            return strings;
        }
        return avroValue;
    }
}
