package cn.dalian.governance.ingest;

import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.job.Rejection;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.OutputTag;

/** The side outputs of the ingest job's steps. */
final class IngestTags {
    /** Records a step rejects, whole, for the dead letters. */
    static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};
    /** Counts of what became of the records read, sent before each checkpoint barrier, for the reconciliation. */
    static final OutputTag<Outcome> OUTCOMES = new OutputTag<>("outcomes") {};
    /** Rows of gov.item_event: every accepted transition. */
    static final OutputTag<RowData> ITEM_EVENTS = new OutputTag<>("item-events", InternalTypeInfo.of(GovTables.rowType(GovTables.ITEM_EVENT)));
    /** Rows of gov.item_current: the latest transition of each item changed since the last checkpoint, sent before the barrier. */
    static final OutputTag<RowData> ITEM_CURRENT = new OutputTag<>("item-current", InternalTypeInfo.of(GovTables.rowType(GovTables.ITEM_CURRENT)));
    /** Rows of gov.eval_rating. */
    static final OutputTag<RowData> RATINGS = new OutputTag<>("ratings", InternalTypeInfo.of(GovTables.rowType(GovTables.EVAL_RATING)));

    private IngestTags() {}
}
