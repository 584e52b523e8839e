package cn.dalian.governance.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.Warning;
import cn.dalian.governance.avro.WarningLevel;
import cn.dalian.governance.avro.WarningRule;
import cn.dalian.governance.avro.WarningStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalSerializers;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

class WarningRowsTest
{
    @Test
    void convertsEveryFieldInColumnOrderAndFlinkSerializesTheRow()
    {
        Warning warning = Warning.newBuilder()
                .setWarningId("R1:210202001001:1").setRule(WarningRule.R1).setAreaCode("210202001001").setAreaLevel(AreaLevel.COMMUNITY)
                .setLevel(WarningLevel.RED).setStatus(WarningStatus.UPDATED).setChangedAt(Instant.parse("2026-10-01T04:00:00Z"))
                .setWindowStart(Instant.parse("2026-10-01T01:30:00Z")).setWindowEnd(Instant.parse("2026-10-01T04:00:00Z"))
                .setRoutedToStreet("210202001").setRoutedToLevel(AreaLevel.STREET).setRoutedToArea("210202001")
                .setItemIds(List.of("POLICE:a", "POLICE:b")).setCounts(Map.of("signals", 4L)).setThresholds(Map.of("red", 4.0))
                .setSummary("4 mass-gathering signals in 6 h").build();
        RowData row = WarningRows.toRow(warning);
        RowType type = GovTables.rowType(GovTables.WARNING);
        assertEquals(type.getFieldCount(), row.getArity());
        assertEquals("RED", row.getString(type.getFieldIndex("level")).toString());
        assertEquals(2, row.getArray(type.getFieldIndex("item_ids")).size());
        MapData counts = row.getMap(type.getFieldIndex("counts"));
        assertEquals("signals", counts.keyArray().getString(0).toString());
        assertEquals(4L, counts.valueArray().getLong(0));
        RowData copy = InternalSerializers.<RowData>create(type).copy(row);
        assertEquals(row.getArity(), copy.getArity());
    }
}
