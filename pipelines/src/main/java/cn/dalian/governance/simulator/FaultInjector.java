package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.lifecycle.GridLifecycle;
import cn.dalian.governance.lifecycle.HotlineLifecycle;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.schema.SchemaCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/** Derives a faulty sibling of a valid record, one per {@link FaultKind}. */
final class FaultInjector {
    private final SplittableRandom random;
    private final CityModel city;

    FaultInjector(SplittableRandom random, CityModel city) {
        this.random = requireNonNull(random, "random is null");
        this.city = requireNonNull(city, "city is null");
    }

    static boolean applies(FaultKind kind, String topic) {
        return switch (kind) {
            case UNKNOWN_MATTER, ILLEGAL_TRANSITION -> topic.equals(Topics.GRID_EVENTS) || topic.equals(Topics.HOTLINE_CASES);
            default -> true;
        };
    }

    /** The faulty record's value bytes; the key and send time are the valid record's. */
    byte[] inject(FaultKind kind, String topic, SpecificRecord valid, Instant sentAt) {
        return switch (kind) {
            case UNDECODABLE -> undecodable(topic, valid);
            case UNKNOWN_SCHEMA -> unknownSchema(FeedCodecs.encode(topic, fresh(valid), false));
            default -> FeedCodecs.encode(topic, mutate(kind, fresh(valid), sentAt), false);
        };
    }

    private byte[] undecodable(String topic, SpecificRecord valid) {
        if (random.nextBoolean()) {
            byte[] whole = FeedCodecs.encode(topic, fresh(valid), false);
            return Arrays.copyOf(whole, whole.length / 2);
        }
        if (random.nextBoolean()) {
            return inflatedLength(FeedCodecs.encode(topic, fresh(valid), false));
        }
        byte[] noise = new byte[16 + random.nextInt(100)];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) random.nextInt(256);
        }
        noise[0] = (byte) (random.nextBoolean() ? '{' : 0x00);
        return noise;
    }

    /**
     * A valid header and fingerprint, then a first field whose length claims 256 MiB to 2 GiB, then about
     * 50 bytes: the crafted record that once made the decoder allocate what it claimed.
     */
    private byte[] inflatedLength(byte[] whole) {
        byte[] bytes = Arrays.copyOf(whole, 10 + 5 + 48);
        long zigzag = (long) (268_435_456 + random.nextInt(Integer.MAX_VALUE - 8 - 268_435_456)) << 1;
        int at = 10;
        while ((zigzag & ~0x7FL) != 0) {
            bytes[at++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        bytes[at++] = (byte) zigzag;
        for (; at < bytes.length; at++) {
            bytes[at] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private byte[] unknownSchema(byte[] bytes) {
        do {
            bytes[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
        } while (SchemaCatalog.shipped().byFingerprint(AvroCodec.fingerprintOf(bytes)).isPresent());
        return bytes;
    }

    /** A copy with its own event id, so a fault is never mistaken for a duplicate of the valid record. */
    private SpecificRecord fresh(SpecificRecord valid) {
        String eventId = Timeline.uuid(random);
        if (valid instanceof GridEvent grid) {
            return GridEvent.newBuilder(grid).setEventId(eventId).build();
        }
        if (valid instanceof HotlineCase hotline) {
            return HotlineCase.newBuilder(hotline).setEventId(eventId).build();
        }
        if (valid instanceof PoliceRiskSignal police) {
            return PoliceRiskSignal.newBuilder(police).setSignalId("JQX" + eventId).build();
        }
        EvaluationRating rating = (EvaluationRating) valid;
        return EvaluationRating.newBuilder(rating).setRatingId(eventId).build();
    }

    private SpecificRecord mutate(FaultKind kind, SpecificRecord record, Instant sentAt) {
        Instant future = sentAt.plus(Draw.hours(random, 48, 240));
        Instant expired = sentAt.minus(Duration.ofDays(3 * 365));
        if (record instanceof GridEvent grid) {
            GridEvent.Builder b = GridEvent.newBuilder(grid);
            switch (kind) {
                case MISSING_FIELD -> b.setItemId("");
                case UNKNOWN_AREA -> b.setGridCode(unknownChildCode(grid.getGridCode().substring(0, 12)));
                case UNKNOWN_MATTER -> b.setMatterCode(unknownMatter());
                case FUTURE_TIMESTAMP -> b.setOccurredAt(future);
                case EXPIRED_TIMESTAMP -> b.setOccurredAt(expired);
                case ILLEGAL_TRANSITION -> b.setState(illegalAfter(grid.getState())).setOccurredAt(grid.getOccurredAt().plusSeconds(1));
                default -> throw new IllegalArgumentException(kind.name());
            }
            return b.build();
        }
        if (record instanceof HotlineCase hotline) {
            HotlineCase.Builder b = HotlineCase.newBuilder(hotline);
            switch (kind) {
                case MISSING_FIELD -> b.setCaseId("");
                case UNKNOWN_AREA -> b.setCommunityCode(unknownChildCode(hotline.getCommunityCode().substring(0, 9)));
                case UNKNOWN_MATTER -> b.setMatterCode(unknownMatter());
                case FUTURE_TIMESTAMP -> b.setOccurredAt(future);
                case EXPIRED_TIMESTAMP -> b.setOccurredAt(expired);
                case ILLEGAL_TRANSITION -> b.setState(illegalAfter(hotline.getState())).setOccurredAt(hotline.getOccurredAt().plusSeconds(1));
                default -> throw new IllegalArgumentException(kind.name());
            }
            return b.build();
        }
        if (record instanceof PoliceRiskSignal police) {
            PoliceRiskSignal.Builder b = PoliceRiskSignal.newBuilder(police);
            String street = police.getCommunityCode() != null
                    ? police.getCommunityCode().substring(0, 9)
                    : city.areas().nearestCommunity(police.getLocation().getLatitude(), police.getLocation().getLongitude()).code().substring(0, 9);
            switch (kind) {
                case MISSING_FIELD -> b.setCommunityCode(null).setLocation(null);
                case UNKNOWN_AREA -> b.setCommunityCode(unknownChildCode(street)).setLocation(null);
                case FUTURE_TIMESTAMP -> b.setOccurredAt(future);
                case EXPIRED_TIMESTAMP -> b.setOccurredAt(expired);
                default -> throw new IllegalArgumentException(kind.name());
            }
            return b.build();
        }
        EvaluationRating.Builder b = EvaluationRating.newBuilder((EvaluationRating) record);
        String rated = ((EvaluationRating) record).getRatedAreaCode();
        switch (kind) {
            case MISSING_FIELD -> b.setRatedAreaCode("");
            case UNKNOWN_AREA -> b.setRatedAreaCode(unknownChildCode(rated.substring(0, rated.length() - 3)));
            case FUTURE_TIMESTAMP -> b.setRatedAt(future);
            case EXPIRED_TIMESTAMP -> b.setRatedAt(expired);
            default -> throw new IllegalArgumentException(kind.name());
        }
        return b.build();
    }

    /** A code under {@code parent}, of the right shape, that the registry does not hold. */
    private String unknownChildCode(String parent) {
        for (int suffix = 999; suffix > 0; suffix--) {
            String code = parent + String.format("%03d", suffix);
            if (city.areas().find(code).isEmpty()) {
                return code;
            }
        }
        throw new IllegalStateException("no free code under " + parent);
    }

    private String unknownMatter() {
        String code;
        do {
            code = "X" + String.format("%02d", random.nextInt(100));
        } while (!city.matters().versions(code).isEmpty());
        return code;
    }

    private GridState illegalAfter(GridState current) {
        List<GridState> illegal = new ArrayList<>();
        for (GridState next : GridState.values()) {
            if (!GridLifecycle.allows(current, next)) {
                illegal.add(next);
            }
        }
        return Draw.oneOf(random, illegal);
    }

    private HotlineState illegalAfter(HotlineState current) {
        List<HotlineState> illegal = new ArrayList<>();
        for (HotlineState next : HotlineState.values()) {
            if (!HotlineLifecycle.allows(current, next)) {
                illegal.add(next);
            }
        }
        return Draw.oneOf(random, illegal);
    }
}
