package cn.dalian.governance.ingest;

import cn.dalian.governance.job.Rejection;
import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.DeadLetterReason;
import cn.dalian.governance.avro.GeoPoint;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.Matter;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.schema.DecodeException;
import cn.dalian.governance.simulator.FeedCodecs;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step 2 of ingest: places each transition in the area hierarchy (grid code, community code, the
 * community a hotline caller's address names, or the nearest community to a police signal's
 * coordinates) and applies the matter catalogue version in force at the event time. Unknown areas and matters go to {@link FeedDecoder#REJECTED}.
 */
public final class AreaResolver extends ProcessFunction<Transition, Transition> {
    private transient AreaRegistry areas;
    private transient MatterCatalogue matters;

    @Override
    public void open(OpenContext context) {
        areas = AreaRegistry.loadDefault();
        matters = MatterCatalogue.loadDefault();
    }

    @Override
    public void processElement(Transition t, Context ctx, Collector<Transition> out) {
        try {
            resolve(t);
            out.collect(t);
        } catch (FeedDecoder.Rejected rejected) {
            ctx.output(FeedDecoder.REJECTED, new Rejection(t.raw, rejected.reason, rejected.getMessage()));
        }
    }

    void resolve(Transition t) throws FeedDecoder.Rejected {
        Area community = community(t);
        t.communityCode = community.code();
        t.streetCode = areas.ancestor(community, AreaLevel.STREET).code();
        t.districtCode = areas.ancestor(community, AreaLevel.DISTRICT).code();
        if (t.matterCode == null) {
            t.matterGroup = PoliceMatterGroups.of(police(t).getSignalType()).name();
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
        if (Topics.HOTLINE_CASES.equals(t.raw.topic)) {
            String address = decodedAgain(FeedCodecs.HOTLINE, t).getCallerAddress();
            return areas.communityNamedIn(address).orElseThrow(() -> new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_AREA,
                    "caller address names no single community of the area registry (" + address.length() + " characters)"));
        }
        GeoPoint location = police(t).getLocation();
        Area nearest = areas.nearestCommunity(location.getLatitude(), location.getLongitude());
        double km = distanceKm(location.getLatitude(), location.getLongitude(), nearest.latitude(), nearest.longitude());
        if (km > IngestRules.MAX_COMMUNITY_DISTANCE_KM) {
            throw new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_AREA, String.format(
                    "coordinates (%.5f, %.5f) are %.1f km from the nearest community", location.getLatitude(), location.getLongitude(), km));
        }
        return nearest;
    }

    private Area known(String code, AreaLevel level, String what) throws FeedDecoder.Rejected {
        Optional<Area> area = areas.find(code).filter(found -> found.level() == level);
        return area.orElseThrow(() -> new FeedDecoder.Rejected(DeadLetterReason.UNKNOWN_AREA, what + " " + code + " is not in the area registry"));
    }

    private static PoliceRiskSignal police(Transition t) throws FeedDecoder.Rejected {
        if (!Topics.POLICE_RISK.equals(t.raw.topic)) {
            throw new FeedDecoder.Rejected(DeadLetterReason.MISSING_FIELD, "no matter code");
        }
        return decodedAgain(FeedCodecs.POLICE, t);
    }

    /** The source record of a transition FeedDecoder has decoded already, for a field the transition does not carry. */
    private static <T extends SpecificRecord> T decodedAgain(AvroCodec<T> codec, Transition t) {
        try {
            return codec.decode(t.raw.value);
        } catch (DecodeException e) {
            throw new IllegalStateException("a decoded record no longer decodes: " + t.raw, e);
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
