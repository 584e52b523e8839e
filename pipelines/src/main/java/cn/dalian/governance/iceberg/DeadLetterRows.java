package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.DeadLetter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import static cn.dalian.governance.iceberg.RowValues.bytes;
import static cn.dalian.governance.iceberg.RowValues.checkArity;
import static cn.dalian.governance.iceberg.RowValues.string;
import static cn.dalian.governance.iceberg.RowValues.timestamp;
import static java.util.Objects.requireNonNull;

/** Turns a {@link DeadLetter} into a Flink row of {@link GovTables#DEAD_LETTER}, in its column order. */
public final class DeadLetterRows
{
    private static final int ARITY = GovTables.schema(GovTables.DEAD_LETTER).columns().size();

    private DeadLetterRows() {}

    public static RowData toRow(DeadLetter deadLetter)
    {
        requireNonNull(deadLetter, "deadLetter is null");
        GenericRowData row = new GenericRowData(ARITY);
        int column = 0;
        row.setField(column++, string(deadLetter.getSourceTopic()));
        row.setField(column++, deadLetter.getSourcePartition());
        row.setField(column++, deadLetter.getSourceOffset());
        row.setField(column++, timestamp(deadLetter.getSourceTimestamp()));
        row.setField(column++, string(deadLetter.getJob()));
        row.setField(column++, string(deadLetter.getReason()));
        row.setField(column++, string(deadLetter.getMessage()));
        row.setField(column++, timestamp(deadLetter.getRejectedAt()));
        row.setField(column++, bytes(deadLetter.getRawKey()));
        row.setField(column++, bytes(deadLetter.getRawValue()));
        checkArity(column, ARITY, GovTables.DEAD_LETTER);
        return row;
    }
}
