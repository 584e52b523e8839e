package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.EvaluationRating;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import static cn.dalian.governance.iceberg.RowValues.checkArity;
import static cn.dalian.governance.iceberg.RowValues.string;
import static cn.dalian.governance.iceberg.RowValues.timestamp;
import static java.util.Objects.requireNonNull;

/** Turns an {@link EvaluationRating} into a Flink row of {@link GovTables#EVAL_RATING}, in its column order. */
public final class RatingRows
{
    private static final int ARITY = GovTables.schema(GovTables.EVAL_RATING).columns().size();

    private RatingRows() {}

    public static RowData toRow(EvaluationRating rating)
    {
        requireNonNull(rating, "rating is null");
        GenericRowData row = new GenericRowData(ARITY);
        int column = 0;
        row.setField(column++, string(rating.getRatingId()));
        row.setField(column++, timestamp(rating.getRatedAt()));
        row.setField(column++, string(rating.getRaterAreaCode()));
        row.setField(column++, string(rating.getRatedAreaCode()));
        row.setField(column++, string(rating.getPeriod()));
        row.setField(column++, string(rating.getDimension()));
        row.setField(column++, rating.getScore());
        checkArity(column, ARITY, GovTables.EVAL_RATING);
        return row;
    }
}
