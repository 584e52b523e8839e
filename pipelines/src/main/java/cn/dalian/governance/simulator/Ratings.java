package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.RatingDimension;
import cn.dalian.governance.reference.Area;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.SplittableRandom;

/**
 * Two-way evaluation (Art. 43): on the first day of every month each street scores each of its
 * communities and each community scores its street, on every dimension, for the month before.
 */
final class Ratings {
    private final SplittableRandom random;
    private final CityModel city;
    private final Timeline timeline;

    Ratings(SplittableRandom random, CityModel city, Timeline timeline) {
        this.random = requireNonNull(random, "random is null");
        this.city = requireNonNull(city, "city is null");
        this.timeline = requireNonNull(timeline, "timeline is null");
    }

    /** Plans the ratings of {@code day} if it is the first of a month. */
    void planDay(LocalDate day) {
        if (day.getDayOfMonth() != 1) {
            return;
        }
        String period = YearMonth.from(day.minusMonths(1)).toString();
        Instant opening = day.atTime(9, 0).atZone(SimulationConfig.CITY_ZONE).toInstant();
        for (Area community : city.communities()) {
            Area street = city.street(community);
            // Each community has its own quality, seen by both sides.
            double quality = Draw.uniform(random, 70, 95);
            for (RatingDimension dimension : RatingDimension.values()) {
                rate(opening, street, community, period, dimension, quality);
                rate(opening, community, street, period, dimension, quality);
            }
        }
    }

    private void rate(Instant opening, Area rater, Area rated, String period, RatingDimension dimension, double quality) {
        Instant at = opening.plus(Draw.hours(random, 0, 8));
        double score = Math.max(0, Math.min(100, Math.round((quality + random.nextGaussian() * 6) * 10) / 10.0));
        EvaluationRating rating = EvaluationRating.newBuilder()
                .setRatingId(Timeline.uuid(random))
                .setRatedAt(at)
                .setRaterAreaCode(rater.code())
                .setRatedAreaCode(rated.code())
                .setPeriod(period)
                .setDimension(dimension)
                .setScore(score)
                .build();
        timeline.add(at.plusSeconds(1 + random.nextInt(60)), Topics.EVAL_RATINGS, rating.getRatingId(), rating, false, false);
    }
}
