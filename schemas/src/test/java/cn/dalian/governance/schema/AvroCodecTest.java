package cn.dalian.governance.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.avro.EvaluationRating;
import cn.dalian.governance.avro.GeoPoint;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.RatingDimension;
import cn.dalian.governance.avro.SignalType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
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

    /** A single-object header for the police signal, then {@code claimed} as an Avro long, then a few bytes. */
    private static byte[] claiming(long claimed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Arrays.copyOf(POLICE.encode(signal()), AvroCodec.HEADER_LENGTH));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        encoder.writeLong(claimed);
        encoder.writeFixed(new byte[] {'a', 'b', 'c'});
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void aStringLengthFarBeyondTheRecordIsUndecodableWithoutAllocatingIt() throws IOException {
        for (long claimed : new long[] {1L << 40, Integer.MAX_VALUE - 8, 1_000_000, 4, -1, Long.MIN_VALUE}) {
            DecodeException e = assertThrows(DecodeException.class, () -> POLICE.decode(claiming(claimed)), "claimed " + claimed);
            assertEquals(DecodeException.Kind.UNDECODABLE, e.kind());
        }
        String message = assertThrows(DecodeException.class, () -> POLICE.decode(claiming(1L << 40))).getMessage();
        assertTrue(message.contains("a string length of 1099511627776 in a datum of"), message);
    }

    @Test
    void anArrayOrMapCountBeyondTheDatumIsRefusedBeforeItsItemsAreMade() throws IOException {
        for (Schema schema : List.of(SchemaBuilder.array().items().stringType(), SchemaBuilder.map().values().longType())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeLong(1_000_000_000L);
            encoder.writeFixed(new byte[] {2, 'x'});
            encoder.flush();
            byte[] bytes = out.toByteArray();
            BoundedDecoder decoder = new BoundedDecoder(DecoderFactory.get().binaryDecoder(bytes, null), bytes.length);
            IOException e = assertThrows(IOException.class, () -> new GenericDatumReader<Object>(schema).read(null, decoder), schema.toString());
            assertTrue(e.getMessage().contains("of 1000000000 items in a datum of " + bytes.length + " bytes"), e.getMessage());
        }
    }

    @Test
    void encodingIsDeterministic() {
        assertArrayEquals(POLICE.encode(signal()), POLICE.encode(signal()));
    }
}
