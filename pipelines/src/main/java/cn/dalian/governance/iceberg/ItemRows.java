package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.Item;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import static cn.dalian.governance.iceberg.RowValues.checkArity;
import static cn.dalian.governance.iceberg.RowValues.string;
import static cn.dalian.governance.iceberg.RowValues.strings;
import static cn.dalian.governance.iceberg.RowValues.timestamp;
import static java.util.Objects.requireNonNull;

/**
 * Turns a conformed {@link Item} and where it was read from into a Flink row of
 * {@link GovTables#ITEM_EVENT} / {@link GovTables#ITEM_CURRENT} (same columns), in the column order
 * of {@link GovTables#schema(String)}. Enums become their symbol strings.
 */
public final class ItemRows
{
    private static final int ARITY = GovTables.schema(GovTables.ITEM_EVENT).columns().size();

    private ItemRows() {}

    public static RowData toRow(Item item, String sourceTopic, int partition, long offset)
    {
        requireNonNull(item, "item is null");
        requireNonNull(sourceTopic, "sourceTopic is null");
        GenericRowData row = new GenericRowData(ARITY);
        int column = 0;
        row.setField(column++, string(item.getEventId()));
        row.setField(column++, string(item.getItemId()));
        row.setField(column++, string(item.getSource()));
        row.setField(column++, timestamp(item.getOccurredAt()));
        row.setField(column++, timestamp(item.getIngestedAt()));
        row.setField(column++, string(item.getState()));
        row.setField(column++, string(item.getPreviousState()));
        row.setField(column++, string(item.getGridCode()));
        row.setField(column++, string(item.getCommunityCode()));
        row.setField(column++, string(item.getStreetCode()));
        row.setField(column++, string(item.getDistrictCode()));
        row.setField(column++, string(item.getMatterCode()));
        row.setField(column++, item.getMatterVersion());
        row.setField(column++, string(item.getMatterGroup()));
        row.setField(column++, string(item.getUrgency()));
        row.setField(column++, string(item.getVulnerableGroup()));
        row.setField(column++, string(item.getReporterType()));
        row.setField(column++, string(item.getRequestType()));
        row.setField(column++, string(item.getChannel()));
        row.setField(column++, strings(item.getPersonKeys()));
        row.setField(column++, string(item.getDescriptionMasked()));
        row.setField(column++, string(item.getAssigneeType()));
        row.setField(column++, string(item.getAssignee()));
        row.setField(column++, string(item.getAssignedBy()));
        row.setField(column++, item.getOffList());
        row.setField(column++, timestamp(item.getDispatchDueAt()));
        row.setField(column++, timestamp(item.getResolveDueAt()));
        row.setField(column++, string(item.getSatisfaction()));
        row.setField(column++, string(item.getVerification()));
        row.setField(column++, string(item.getMediationChannel()));
        row.setField(column++, string(item.getMediationOutcome()));
        row.setField(column++, string(item.getSignalType()));
        row.setField(column++, item.getRiskLevel());
        row.setField(column++, item.getPeopleInvolved());
        row.setField(column++, string(sourceTopic));
        row.setField(column++, partition);
        row.setField(column++, offset);
        checkArity(column, ARITY, GovTables.ITEM_EVENT);
        return row;
    }
}
