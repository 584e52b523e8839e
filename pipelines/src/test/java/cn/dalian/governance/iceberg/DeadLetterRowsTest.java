package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.DeadLetter;
import cn.dalian.governance.avro.DeadLetterReason;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

import static cn.dalian.governance.iceberg.RowAssertions.assertRowMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeadLetterRowsTest
{
    private static DeadLetter fullyPopulated()
    {
        return DeadLetter.newBuilder()
                .setSourceTopic("gov.grid.events.v1")
                .setSourcePartition(3)
                .setSourceOffset(9_876_543_210L)
                .setSourceTimestamp(Instant.parse("2026-11-28T00:00:00.123Z"))
                .setJob("ingest")
                .setReason(DeadLetterReason.UNKNOWN_AREA)
                .setMessage("unknown community code 210299999999")
                .setRejectedAt(Instant.parse("2026-11-28T00:00:01.500Z"))
                .setRawKey(ByteBuffer.wrap(new byte[] {'G', ':', '1'}))
                .setRawValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0x00, (byte) 0xFF, 0x7F}))
                .build();
    }

    @Test
    void fullyPopulatedDeadLetterBecomesARowWithTheRawBytes()
    {
        DeadLetter deadLetter = fullyPopulated();

        assertRowMatches(GovTables.DEAD_LETTER, DeadLetterRows.toRow(deadLetter), deadLetter);

        assertEquals(0, deadLetter.getRawValue().position(), "the converter leaves the buffer untouched");
    }

    @Test
    void deadLetterWithoutKeyOrTimestampHasNullsThere()
    {
        DeadLetter deadLetter = DeadLetter.newBuilder(fullyPopulated()).setRawKey(null).setSourceTimestamp(null).build();

        Map<String, Object> values = assertRowMatches(GovTables.DEAD_LETTER, DeadLetterRows.toRow(deadLetter), deadLetter);

        assertNull(values.get("raw_key"));
        assertNull(values.get("source_timestamp"));
    }
}
