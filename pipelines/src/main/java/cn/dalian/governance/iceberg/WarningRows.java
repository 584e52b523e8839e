package cn.dalian.governance.iceberg;

import static cn.dalian.governance.iceberg.RowValues.checkArity;
import static cn.dalian.governance.iceberg.RowValues.string;
import static cn.dalian.governance.iceberg.RowValues.strings;
import static cn.dalian.governance.iceberg.RowValues.timestamp;
import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.Warning;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

/** Turns a {@link Warning} into a Flink row of {@link GovTables#WARNING}, in its column order. */
public final class WarningRows
{
    private static final int ARITY = GovTables.schema(GovTables.WARNING).columns().size();

    private WarningRows() {}

    public static RowData toRow(Warning warning)
    {
        requireNonNull(warning, "warning is null");
        GenericRowData row = new GenericRowData(ARITY);
        int column = 0;
        row.setField(column++, string(warning.getWarningId()));
        row.setField(column++, string(warning.getRule()));
        row.setField(column++, string(warning.getAreaCode()));
        row.setField(column++, string(warning.getAreaLevel()));
        row.setField(column++, string(warning.getLevel()));
        row.setField(column++, string(warning.getStatus()));
        row.setField(column++, timestamp(warning.getChangedAt()));
        row.setField(column++, timestamp(warning.getWindowStart()));
        row.setField(column++, timestamp(warning.getWindowEnd()));
        row.setField(column++, string(warning.getRoutedToStreet()));
        row.setField(column++, string(warning.getRoutedToLevel()));
        row.setField(column++, string(warning.getRoutedToArea()));
        row.setField(column++, strings(warning.getItemIds()));
        row.setField(column++, map(warning.getCounts()));
        row.setField(column++, map(warning.getThresholds()));
        row.setField(column++, string(warning.getSummary()));
        row.setField(column++, warning.getSeq());
        checkArity(column, ARITY, GovTables.WARNING);
        return row;
    }

    private static GenericMapData map(Map<String, ?> values)
    {
        Map<StringData, Object> converted = new LinkedHashMap<>();
        values.forEach((key, value) -> converted.put(StringData.fromString(key), value));
        return new GenericMapData(converted);
    }
}
