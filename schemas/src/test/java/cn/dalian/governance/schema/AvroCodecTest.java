package cn.dalian.governance.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.GeoPoint;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.RatingDimension;
import cn.dalian.governance.avro.SignalType;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    private static final AvroCodec<PoliceRiskSignal> POLICE = AvroCodec.of(PoliceRiskSignal.class);

    private static PoliceRiskSignal signal() {
        return PoliceRiskSignal.newBuilder()
                .setSignalId("P-1")
                .setOccurredAt(Instant.parse("2026-10-01T01:00:00Z"))
                .setReportedAt(Instant.parse("2026-10-01T01:05:00Z"))
                .setPoliceStation("中山公安分局海军广场派出所")
                .setCommunityCode(null)
                .setLocation(new GeoPoint(38.92, 121.63))
                .setSignalType(SignalType.MASS_GATHERING)
                .setRiskLevel(3)
                .setPeopleInvolved(40)
                .setSubjectKey("k-9")
                .build();
    }

    @Test
    void roundTripsTheCurrentVersionWithItsFingerprintInTheHeader() throws DecodeException {
        byte[] bytes = POLICE.encode(signal());
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(POLICE.fingerprint(), AvroCodec.fingerprintOf(bytes));
        assertEquals(signal(), POLICE.decode(bytes));
    }

    @Test
    void readsBytesWrittenWithAnOlderVersionByFingerprint() throws DecodeException {
        SchemaVersion v1 = SchemaCatalog.shipped().versions(PoliceRiskSignal.getClassSchema().getFullName()).get(0);
        assertEquals(1, v1.version());
        byte[] old = POLICE.encodeAs(signal(), v1);
        assertEquals(v1.fingerprint(), AvroCodec.fingerprintOf(old));
        PoliceRiskSignal read = POLICE.decode(old);
        assertNull(read.getSubjectKey(), "v1 has no subject key; the v2 default applies");
        assertEquals(signal().getPeopleInvolved(), read.getPeopleInvolved());
        assertEquals(signal().getLocation(), read.getLocation());
    }

    @Test
    void rejectsBytesWithoutHeaderAsUndecodable() {
        DecodeException e = assertThrows(DecodeException.class, () -> POLICE.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        assertEquals(DecodeException.Kind.UNDECODABLE, e.kind());
    }

    @Test
    void rejectsUnknownFingerprintAsUnknownSchema() {
        byte[] bytes = POLICE.encode(signal());
        bytes[5] ^= 0x5A;
        DecodeException e = assertThrows(DecodeException.class, () -> POLICE.decode(bytes));
        assertEquals(DecodeException.Kind.UNKNOWN_SCHEMA, e.kind());
    }

    @Test
    void rejectsTruncatedAndTrailingBytesAsUndecodable() {
        byte[] bytes = POLICE.encode(signal());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 6);
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 3);
        assertEquals(DecodeException.Kind.UNDECODABLE, assertThrows(DecodeException.class, () -> POLICE.decode(truncated)).kind());
        assertEquals(DecodeException.Kind.UNDECODABLE, assertThrows(DecodeException.class, () -> POLICE.decode(trailing)).kind());
    }

    @Test
    void aRecordOfAnotherTypeIsAnUnknownSchema() {
        AvroCodec<EvaluationRating> ratings = AvroCodec.of(EvaluationRating.class);
        byte[] rating = ratings.encode(EvaluationRating.newBuilder()
                .setRatingId("r").setRatedAt(Instant.EPOCH).setRaterAreaCode("210202001").setRatedAreaCode("210202001001")
                .setPeriod("2026-10").setDimension(RatingDimension.COOPERATION).setScore(88.5).build());
        assertEquals(DecodeException.Kind.UNKNOWN_SCHEMA, assertThrows(DecodeException.class, () -> POLICE.decode(rating)).kind());
    }

    @Test
    void encodingIsDeterministic() {
        assertArrayEquals(POLICE.encode(signal()), POLICE.encode(signal()));
    }
}
