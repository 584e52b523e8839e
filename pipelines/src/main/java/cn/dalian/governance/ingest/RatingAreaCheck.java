package cn.dalian.governance.ingest;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.reference.AreaRegistry;
import java.util.Set;

/**
 * Evaluation ratings (Art. 43): rater and rated must be a street or community of the area registry;
 * accepted ratings continue as {@link Transition}s of source RATING so that the dedupe step drops copies.
 */
public final class RatingAreaCheck {
    /** Source name of ratings inside the job (they are no governance item). */
    public static final String SOURCE = "RATING";
    private static final Set<AreaLevel> RATED_LEVELS = Set.of(AreaLevel.STREET, AreaLevel.COMMUNITY);

    private final AreaRegistry areas;

    public RatingAreaCheck(AreaRegistry areas) {
        this.areas = requireNonNull(areas, "areas is null");
    }

    void check(Transition rating) throws FeedDecoder.Rejected {
        for (String code : new String[] {rating.raterAreaCode, rating.ratedAreaCode}) {
            boolean known = areas.find(code).filter(area -> RATED_LEVELS.contains(area.level())).isPresent();
            if (!known) {
                throw new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_AREA, "rating area " + code + " is no street or community of the area registry");
            }
        }
    }
}
