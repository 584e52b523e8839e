package cn.dalian.governance.iceberg;

import static cn.dalian.governance.iceberg.RowValues.checkArity;
import static cn.dalian.governance.iceberg.RowValues.string;
import static java.util.Objects.requireNonNull;

import cn.dalian.governance.assess.StabilityRow;
import java.time.Instant;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;

/** Turns a {@link StabilityRow} into a Flink row of {@link GovTables#STABILITY_HOURLY}, in its column order. */
public final class StabilityRows
{
    private static final int ARITY = GovTables.schema(GovTables.STABILITY_HOURLY).columns().size();

    private StabilityRows() {}

    public static RowData toRow(StabilityRow s)
    {
        requireNonNull(s, "row is null");
        GenericRowData row = new GenericRowData(ARITY);
        int column = 0;
        row.setField(column++, string(s.areaCode));
        row.setField(column++, string(s.areaLevel));
        row.setField(column++, TimestampData.fromInstant(Instant.ofEpochMilli(s.hourStart)));
        row.setField(column++, s.population);
        row.setField(column++, s.index);
        row.setField(column++, string(s.band));
        row.setField(column++, string(s.bandLabel));
        row.setField(column++, s.disputes);
        row.setField(column++, s.disputesRate);
        row.setField(column++, s.disputesContribution);
        row.setField(column++, s.overdue);
        row.setField(column++, s.overdueRate);
        row.setField(column++, s.overdueContribution);
        row.setField(column++, s.policeSignals);
        row.setField(column++, s.policeRiskWeight);
        row.setField(column++, s.policeRiskRate);
        row.setField(column++, s.policeRiskContribution);
        row.setField(column++, s.complaints);
        row.setField(column++, s.repeatComplaints);
        row.setField(column++, s.complaintsRate);
        row.setField(column++, s.complaintsContribution);
        row.setField(column++, s.massGatheringSignals);
        row.setField(column++, s.massGatheringRate);
        row.setField(column++, s.massGatheringContribution);
        row.setField(column++, s.rated);
        row.setField(column++, s.unsatisfied);
        row.setField(column++, s.unsatisfiedShare);
        row.setField(column++, s.unsatisfiedContribution);
        checkArity(column, ARITY, GovTables.STABILITY_HOURLY);
        return row;
    }
}
