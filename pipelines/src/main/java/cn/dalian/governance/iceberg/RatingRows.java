package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.EvaluationRating;
import java.time.Instant;
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
        return toRow(rating.getRatingId(), rating.getRatedAt(), rating.getRaterAreaCode(), rating.getRatedAreaCode(), rating.getPeriod(),
                rating.getDimension().name(), rating.getScore());
    }

    /** The row of a rating given by its fields (the dimension as its symbol name). */
    public static RowData toRow(String ratingId, Instant ratedAt, String raterAreaCode, String ratedAreaCode, String period, String dimension, double score)
    {
        requireNonNull(ratingId, "ratingId is null");
        GenericRowData row = new GenericRowData(ARITY);
        int column = 0;
        row.setField(column++, string(ratingId));
        row.setField(column++, timestamp(ratedAt));
        row.setField(column++, string(raterAreaCode));
        row.setField(column++, string(ratedAreaCode));
        row.setField(column++, string(period));
        row.setField(column++, string(dimension));
        row.setField(column++, score);
        checkArity(column, ARITY, GovTables.EVAL_RATING);
        return row;
    }
}
