package cn.dalian.governance.job;

import cn.dalian.governance.avro.DeadLetter;
import cn.dalian.governance.iceberg.DeadLetterRows;
import cn.dalian.governance.iceberg.GovTables;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** The dead letter of each rejection, once: encoded for Kafka gov.dlq.v1, and as a row of gov.dead_letter ({@link #ROWS}). */
public final class DeadLetterOutput extends ProcessFunction<Rejection, EncodedRecord> {
    public static final OutputTag<RowData> ROWS = new OutputTag<>("dead-letter-rows", InternalTypeInfo.of(GovTables.rowType(GovTables.DEAD_LETTER)));
    private static final long serialVersionUID = 1L;

    private final String job;

    public DeadLetterOutput(String job) {
        this.job = job;
    }

    @Override
    public void processElement(Rejection rejection, Context ctx, Collector<EncodedRecord> out) {
        DeadLetter letter = DeadLetters.letter(rejection, job);
        out.collect(DeadLetters.encode(letter, rejection.raw));
        ctx.output(ROWS, DeadLetterRows.toRow(letter));
    }
}
