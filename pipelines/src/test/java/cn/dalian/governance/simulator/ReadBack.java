package cn.dalian.governance.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.schema.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks records read back from an output (Kafka or files) against the simulator's run report,
 * decoding every record independently of the simulator: valid kinds, duplicates and faults must match
 * topic by topic, and every reported fault must be there with exactly its bytes.
 */
final class ReadBack {
    /** A record as read back: topic, key and value bytes. */
    record Read(String topic, byte[] key, byte[] value) {}

    private ReadBack() {}

    static void assertMatchesReport(List<Read> records, SimulationReport report) {
        Map<String, SimulationReport.Fault> faultsBySha = new HashMap<>();
        for (SimulationReport.Fault fault : report.faults) {
            assertEquals(fault.sha256(), SimulationReport.sha256(fault.value()), "report's own sha256 of " + fault);
            faultsBySha.put(fault.topic() + "/" + fault.sha256(), fault);
        }
        assertEquals(report.faults.size(), faultsBySha.size(), "fault records are distinct");

        Map<String, SortedMap<String, Long>> kinds = new TreeMap<>();
        Map<String, Long> duplicates = new TreeMap<>();
        Map<String, Long> faultCounts = new TreeMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Read record : records) {
            String sha = SimulationReport.sha256(record.value());
            SimulationReport.Fault fault = faultsBySha.get(record.topic() + "/" + sha);
            if (fault != null) {
                assertArrayEquals(fault.value(), record.value(), "fault bytes of " + fault.kind());
                assertEquals(fault.key(), new String(record.key(), StandardCharsets.UTF_8), "fault key");
                assertEquals(1, seen.merge(record.topic() + "/" + sha, 1, Integer::sum), "fault read once: " + fault.kind());
                faultCounts.merge(record.topic() + "/" + fault.kind(), 1L, Long::sum);
                continue;
            }
            String kind;
            try {
                kind = FeedCodecs.decodeKind(record.topic(), record.value());
            } catch (DecodeException e) {
                throw new AssertionError("a record not reported as a fault does not decode on " + record.topic() + ": " + e.getMessage(), e);
            }
            if (seen.merge(record.topic() + "/" + sha, 1, Integer::sum) > 1) {
                duplicates.merge(record.topic(), 1L, Long::sum);
            } else {
                kinds.computeIfAbsent(record.topic(), topic -> new TreeMap<>()).merge(kind, 1L, Long::sum);
            }
        }

        long total = 0;
        for (Map.Entry<String, SimulationReport.TopicCounts> entry : report.topics.entrySet()) {
            String topic = entry.getKey();
            SimulationReport.TopicCounts expected = entry.getValue();
            assertEquals(expected.kinds, kinds.getOrDefault(topic, new TreeMap<>()), "valid records by kind on " + topic);
            assertEquals(expected.duplicates, duplicates.getOrDefault(topic, 0L), "duplicates on " + topic);
            for (Map.Entry<String, Long> fault : expected.faultKinds.entrySet()) {
                assertEquals(fault.getValue(), faultCounts.getOrDefault(topic + "/" + fault.getKey(), 0L), fault.getKey() + " faults on " + topic);
            }
            total += expected.records;
        }
        assertEquals(report.records, total, "report total equals its topics");
        assertEquals(report.records, records.size(), "records read back");
        assertNotNull(report.topics);
        assertTrue(report.records > 0, "the run sent records");
    }
}
