package cn.dalian.governance.ingest;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.Matter;
import cn.dalian.governance.reference.MatterCatalogue;
import java.time.Instant;
import java.util.Optional;

/**
 * Step 2 of ingest: places each transition in the area hierarchy (grid code, community code, the
 * community a hotline caller's address names, or the nearest community to a police signal's
 * coordinates) and applies the matter catalogue version in force at the event time. Unknown areas and
 * matters are {@link FeedDecoder.Rejected}. Reads only the decoded {@link Transition}.
 */
public final class AreaResolver {
    private final AreaRegistry areas;
    private final MatterCatalogue matters;

    public AreaResolver(AreaRegistry areas, MatterCatalogue matters) {
        this.areas = requireNonNull(areas, "areas is null");
        this.matters = requireNonNull(matters, "matters is null");
    }

    void resolve(Transition t) throws FeedDecoder.Rejected {
        Area community = community(t);
        t.communityCode = community.code();
        t.streetCode = areas.ancestor(community, AreaLevel.STREET).code();
        t.districtCode = areas.ancestor(community, AreaLevel.DISTRICT).code();
        if (t.matterCode == null) {
            requirePolice(t);
            t.matterGroup = PoliceMatterGroups.of(SignalType.valueOf(t.signalType)).name();
            return;
        }
        Instant at = Instant.ofEpochMilli(t.occurredAt);
        Matter matter = matters.inForce(t.matterCode, at).orElseThrow(() -> new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_MATTER,
                "matter " + t.matterCode + (matters.versions(t.matterCode).isEmpty() ? " is not in the catalogue" : " is not in force on " + at)));
        t.matterVersion = matter.version();
        t.matterGroup = matter.group().name();
    }

    private Area community(Transition t) throws FeedDecoder.Rejected {
        if (t.gridCode != null) {
            Area grid = known(t.gridCode, AreaLevel.GRID, "grid");
            return areas.get(grid.parentCode());
        }
        if (t.communityCode != null) {
            return known(t.communityCode, AreaLevel.COMMUNITY, "community");
        }
        if (Source.HOTLINE.name().equals(t.source)) {
            String address = t.callerAddress;
            return areas.communityNamedIn(address).orElseThrow(() -> new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_AREA,
                    "caller address names no single community of the area registry (" + address.length() + " characters)"));
        }
        requirePolice(t);
        double latitude = t.latitude;
        double longitude = t.longitude;
        Area nearest = areas.nearestCommunity(latitude, longitude);
        double km = distanceKm(latitude, longitude, nearest.latitude(), nearest.longitude());
        if (km > IngestRules.MAX_COMMUNITY_DISTANCE_KM) {
            throw new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_AREA, String.format(
                    "coordinates (%.5f, %.5f) are %.1f km from the nearest community", latitude, longitude, km));
        }
        return nearest;
    }

    private Area known(String code, AreaLevel level, String what) throws FeedDecoder.Rejected {
        Optional<Area> area = areas.find(code).filter(found -> found.level() == level);
        return area.orElseThrow(() -> new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_AREA, what + " " + code + " is not in the area registry"));
    }

    private static void requirePolice(Transition t) throws FeedDecoder.Rejected {
        if (!Source.POLICE.name().equals(t.source)) {
            throw new FeedDecoder.Rejected(DeadLetterReason.MISSING_FIELD, "no matter code");
        }
    }

    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }
}
