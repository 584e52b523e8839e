package cn.dalian.governance.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.avro.DeadLetter;
import cn.dalian.governance.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private static RawRecord raw(int size) {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) (i * 31);
        }
        return new RawRecord("gov.grid.events.v1", 2, 77, 1_790_000_000_000L, new byte[] {'k'}, value);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void aDeadLetterThatFitsAKafkaRecordKeepsTheRawBytesWhole() throws Exception {
        RawRecord raw = raw(10_000);
        EncodedRecord encoded = DeadLetters.encode(DeadLetters.letter(new Rejection(raw, DeadLetterReason.UNDECODABLE, "bad"), "ingest"), raw);
        DeadLetter letter = DeadLetters.CODEC.decode(encoded.value);
        assertArrayEquals(raw.value, bytes(letter.getRawValue()));
        assertArrayEquals(raw.key, bytes(letter.getRawKey()));
        assertEquals("bad", letter.getMessage());
    }

    @Test
    void aNearlyOneMegabyteRecordIsSentWithoutItsRawBytesButWithTheirSizeAndDigest() throws Exception {
        RawRecord raw = raw(1_000_000);
        EncodedRecord encoded = DeadLetters.encode(DeadLetters.letter(new Rejection(raw, DeadLetterReason.UNDECODABLE, "bad"), "ingest"), raw);
        assertTrue(encoded.value.length <= DeadLetters.KAFKA_LIMIT, encoded.value.length + " bytes");
        DeadLetter letter = DeadLetters.CODEC.decode(encoded.value);
        assertEquals(0, letter.getRawValue().remaining());
        assertNull(letter.getRawKey());
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw.value));
        assertTrue(letter.getMessage().startsWith("bad [raw value of 1000000 bytes, SHA-256 " + digest), letter.getMessage());
        assertEquals(77, letter.getSourceOffset());
        assertEquals(DeadLetterReason.UNDECODABLE, letter.getReason());
    }
}
