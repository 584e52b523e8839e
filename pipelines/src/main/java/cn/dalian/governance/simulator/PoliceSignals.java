package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.GeoPoint;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.reference.Area;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.SplittableRandom;

/** Plans police risk signals (公安风险信号, Art. 27). */
final class PoliceSignals {
    /** Relative frequency of each {@link SignalType}, in declaration order. */
    private static final double[] TYPE_WEIGHTS = {0.08, 0.2, 0.25, 0.002, 0.15, 0.2, 0.03, 0.088};

    private final SplittableRandom random;
    private final CityModel city;
    private final Timeline timeline;
    private final double lateShare;
    private final double oldWriterShare;
    private long counter;

    PoliceSignals(SplittableRandom random, CityModel city, Timeline timeline, double lateShare, double oldWriterShare) {
        this.random = requireNonNull(random, "random is null");
        this.city = requireNonNull(city, "city is null");
        this.timeline = requireNonNull(timeline, "timeline is null");
        this.lateShare = lateShare;
        this.oldWriterShare = oldWriterShare;
    }

    String plan(Instant at, Area community) {
        SignalType type = SignalType.values()[Draw.weighted(random, TYPE_WEIGHTS)];
        return plan(at, community, type, riskLevel(type), peopleInvolved(type));
    }

    String plan(Instant at, Area community, SignalType type, int riskLevel, int people) {
        return plan(at, community, type, riskLevel, people, Draw.chance(random, 0.3));
    }

    /** A signal placed by coordinates only ({@code byCoordinates}) or by community code. */
    String plan(Instant at, Area community, SignalType type, int riskLevel, int people, boolean byCoordinates) {
        LocalDate day = at.atZone(SimulationConfig.CITY_ZONE).toLocalDate();
        String signalId = "JQ" + day.toString().replace("-", "") + String.format("%07d", ++counter);
        Area street = city.street(community);
        // Coordinates land within about 30 m of the community's registered point.
        GeoPoint location = byCoordinates
                ? new GeoPoint(round(community.latitude() + Draw.uniform(random, -0.0003, 0.0003)),
                        round(community.longitude() + Draw.uniform(random, -0.0003, 0.0003)))
                : null;
        boolean oldWriter = Draw.chance(random, oldWriterShare);
        String subjectKey = !oldWriter && Draw.chance(random, 0.3) ? subjectKey() : null;
        SendClock clock = SendClock.forItem(random, lateShare);
        Instant sendAt = clock.sendTime(at);
        PoliceRiskSignal signal = PoliceRiskSignal.newBuilder()
                .setSignalId(signalId)
                .setOccurredAt(at)
                .setReportedAt(sendAt)
                .setPoliceStation(city.district(community).nameZh() + "公安分局" + street.nameZh().replaceAll("(街道|镇|乡)$", "") + "派出所")
                .setCommunityCode(byCoordinates ? null : community.code())
                .setLocation(location)
                .setSignalType(type)
                .setRiskLevel(riskLevel)
                .setPeopleInvolved(people)
                .setSubjectKey(subjectKey)
                .build();
        timeline.add(sendAt, Topics.POLICE_RISK, signalId, signal, clock.isLate(), oldWriter);
        return signalId;
    }

    /** The police side's own pseudonym of a subject: opaque, letters and digits mixed. */
    private String subjectKey() {
        byte[] bytes = new byte[12];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return "S-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private int riskLevel(SignalType type) {
        return switch (type) {
            case MASS_GATHERING -> 3 + random.nextInt(2);
            case CRIMINAL -> 2 + random.nextInt(3);
            case FIRE -> 2 + random.nextInt(2);
            case TELECOM_FRAUD -> 2;
            case OTHER -> 1;
            default -> 1 + random.nextInt(2);
        };
    }

    private int peopleInvolved(SignalType type) {
        return type == SignalType.MASS_GATHERING ? 20 + random.nextInt(180) : 1 + random.nextInt(5);
    }

    private static double round(double degrees) {
        return Math.round(degrees * 100_000) / 100_000.0;
    }
}
