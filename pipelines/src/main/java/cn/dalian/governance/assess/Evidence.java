package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a rule judges an area as it does: the window, the items behind it, the counts and thresholds,
 * who must act, and a one-line explanation. Immutable.
 */
public record Evidence(
        long windowStart,
        long windowEnd,
        List<String> itemIds,
        Map<String, Long> counts,
        Map<String, Double> thresholds,
        String routedToStreet,
        String routedToLevel,
        String routedToArea,
        String summary) {
    public Evidence {
        itemIds = List.copyOf(requireNonNull(itemIds, "itemIds is null"));
        counts = new TreeMap<>(requireNonNull(counts, "counts is null"));
        thresholds = new TreeMap<>(requireNonNull(thresholds, "thresholds is null"));
        requireNonNull(routedToStreet, "routedToStreet is null");
        requireNonNull(routedToLevel, "routedToLevel is null");
        requireNonNull(routedToArea, "routedToArea is null");
        requireNonNull(summary, "summary is null");
    }
}
