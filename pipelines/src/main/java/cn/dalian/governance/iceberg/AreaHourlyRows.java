package cn.dalian.governance.iceberg;

import static cn.dalian.governance.iceberg.RowValues.checkArity;
import static cn.dalian.governance.iceberg.RowValues.string;
import static java.util.Objects.requireNonNull;

import cn.dalian.governance.assess.AreaHourlyRow;
import java.time.Instant;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;

/** Turns an {@link AreaHourlyRow} into a Flink row of {@link GovTables#AREA_HOURLY}, in its column order. */
public final class AreaHourlyRows
{
    private static final int ARITY = GovTables.schema(GovTables.AREA_HOURLY).columns().size();

    private AreaHourlyRows() {}

    public static RowData toRow(AreaHourlyRow hour)
    {
        requireNonNull(hour, "hour is null");
        GenericRowData row = new GenericRowData(ARITY);
        int column = 0;
        row.setField(column++, string(hour.areaCode));
        row.setField(column++, string(hour.areaLevel));
        row.setField(column++, string(hour.matterGroup));
        row.setField(column++, TimestampData.fromInstant(Instant.ofEpochMilli(hour.hourStart)));
        row.setField(column++, hour.newItems);
        row.setField(column++, hour.closedItems);
        row.setField(column++, hour.disputes);
        row.setField(column++, hour.policeSignals);
        row.setField(column++, hour.policeRiskWeight);
        row.setField(column++, hour.complaints);
        row.setField(column++, hour.repeatComplaints);
        row.setField(column++, hour.rated);
        row.setField(column++, hour.satisfied);
        row.setField(column++, hour.unsatisfied);
        row.setField(column++, hour.openBacklog);
        row.setField(column++, hour.overdue);
        checkArity(column, ARITY, GovTables.AREA_HOURLY);
        return row;
    }
}
