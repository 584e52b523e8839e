package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.RatingDimension;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static cn.dalian.governance.iceberg.RowAssertions.assertRowMatches;

class RatingRowsTest
{
    @Test
    void ratingBecomesARowOfTheRatingTable()
    {
        EvaluationRating rating = EvaluationRating.newBuilder()
                .setRatingId("R-2026-11-210202001-210202001001-RESPONSIVENESS")
                .setRatedAt(Instant.parse("2026-11-01T02:00:00Z"))
                .setRaterAreaCode("210202001")
                .setRatedAreaCode("210202001001")
                .setPeriod("2026-10")
                .setDimension(RatingDimension.RESPONSIVENESS)
                .setScore(87.5)
                .build();

        assertRowMatches(GovTables.EVAL_RATING, RatingRows.toRow(rating), rating);
    }
}
