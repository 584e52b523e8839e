package cn.dalian.governance.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.dalian.governance.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The items sink's records: keyed by item id, with the lineage of the subtask that writes them and the feed record they came from. */
class KafkaPartsTest {
    private static KafkaSinkContext subtask(int index) {
        return new KafkaSinkContext() {
            @Override
            public int getParallelInstanceId() {
                return index;
            }

            @Override
            public int getNumberOfParallelInstances() {
                return 2;
            }

            @Override
            public int[] getPartitionsForTopic(String topic) {
                return new int[] {0, 1, 2, 3};
            }
        };
    }

    @Test
    void anItemRecordCarriesTheLineageAndClockOfItsWriterSubtaskAndFeedRecord() throws Exception {
        KafkaParts.LineageSerializer serializer = new KafkaParts.LineageSerializer(Topics.ITEMS, "gov-ingest");
        serializer.open(null, subtask(1));
        RawRecord feed = new RawRecord(Topics.GRID_EVENTS, 3, 4711, 0, new byte[0], new byte[] {1});
        EncodedRecord item = new EncodedRecord("GRID:G-1", new byte[] {7, 8}, feed);
        item.watermark = 1_796_000_000_000L;

        ProducerRecord<byte[], byte[]> record = serializer.serialize(item, subtask(1), 1234L);

        assertEquals(Topics.ITEMS, record.topic());
        assertArrayEquals("GRID:G-1".getBytes(StandardCharsets.UTF_8), record.key());
        assertArrayEquals(new byte[] {7, 8}, record.value());
        assertEquals(1234L, record.timestamp());
        assertEquals(Lineage.of("gov-ingest", 1, feed), Lineage.read(record.headers()));
        assertArrayEquals(Lineage.of("gov-ingest", 1, feed).encode(), record.headers().lastHeader(Lineage.HEADER).value());
        assertEquals(new IngestClock("gov-ingest", 1, 2, 1_796_000_000_000L), IngestClock.read(record.headers()), "the writer subtask's watermark");
    }

    @Test
    void aClockBeatIsARecordWithoutKeyOrItemCarryingOnlyTheClock() throws Exception {
        KafkaParts.LineageSerializer serializer = new KafkaParts.LineageSerializer(Topics.ITEMS, "gov-ingest");
        serializer.open(null, subtask(0));

        ProducerRecord<byte[], byte[]> record = serializer.serialize(EncodedRecord.clockBeat(1_796_000_000_000L), subtask(0), 1_796_000_000_000L);

        assertNull(record.key());
        assertEquals(0, record.value().length);
        assertNull(Lineage.read(record.headers()), "no feed record behind it");
        assertEquals(new IngestClock("gov-ingest", 0, 2, 1_796_000_000_000L), IngestClock.read(record.headers()));
    }

    @Test
    void anUnopenedSerializerRefusesToGuessItsSubtask() {
        KafkaParts.LineageSerializer serializer = new KafkaParts.LineageSerializer(Topics.ITEMS, "gov-ingest");
        EncodedRecord item = new EncodedRecord("GRID:G-1", new byte[] {7}, new RawRecord(Topics.GRID_EVENTS, 0, 1, 0, null, new byte[] {1}));
        assertThrows(IllegalStateException.class, () -> serializer.serialize(item, subtask(0), 1L));
    }
}
