package cn.dalian.governance.iceberg;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Java values to Flink's internal row values, null passing through; shared by the row converters. */
final class RowValues
{
    private RowValues() {}

    static StringData string(String value)
    {
        return value == null ? null : StringData.fromString(value);
    }

    static StringData string(Enum<?> value)
    {
        return value == null ? null : StringData.fromString(value.name());
    }

    static TimestampData timestamp(Instant value)
    {
        return value == null ? null : TimestampData.fromInstant(value);
    }

    static GenericArrayData strings(List<String> values)
    {
        if (values == null) {
            return null;
        }
        StringData[] elements = new StringData[values.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = StringData.fromString(requireNonNull(values.get(i), "list element is null"));
        }
        return new GenericArrayData(elements);
    }

    /** The buffer's remaining bytes, leaving the buffer's position untouched. */
    static byte[] bytes(ByteBuffer buffer)
    {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static void checkArity(int written, int arity, String table)
    {
        if (written != arity) {
            throw new IllegalStateException("Converter wrote " + written + " columns, table " + table + " has " + arity);
        }
    }
}
