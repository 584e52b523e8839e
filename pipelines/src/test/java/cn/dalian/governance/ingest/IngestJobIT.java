package cn.dalian.governance.ingest;

import cn.dalian.governance.job.JobSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.DeadLetter;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.PersonInvolved;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.job.DeadLetters;
import cn.dalian.governance.job.IngestClock;
import cn.dalian.governance.job.Lineage;
import cn.dalian.governance.schema.DecodeException;
import cn.dalian.governance.simulator.FaultKind;
import cn.dalian.governance.simulator.FeedCodecs;
import cn.dalian.governance.simulator.SimulationReport;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job on a Flink MiniCluster with the real Kafka broker and the real PostgreSQL catalog,
 * after a simulated city day with every fault kind, duplicates and late records.
 */
class IngestJobIT {
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");

    @TempDir
    static Path temp;
    private static IngestFixture fixture;
    private static SimulationReport report;
    private static Map<TopicPartition, Long> start;
    private static Map<TopicPartition, Long> itemsStart;
    private static Map<TopicPartition, Long> deadLettersStart;
    private static InputPii inputPii;

    @BeforeAll
    static void simulateAndIngestADay() throws Exception {
        fixture = new IngestFixture();
        start = fixture.feedEndOffsets();
        itemsStart = fixture.endOffsets(List.of(Topics.ITEMS));
        deadLettersStart = fixture.endOffsets(List.of(Topics.DEAD_LETTERS));
        report = fixture.simulate(temp.resolve("report.json"), "--seed", "23", "--days", "1", "--scale", "0.5",
                "--faults", "0.002", "--duplicates", "0.01", "--late", "0.01");
        JobSettings settings = fixture.settings(temp.resolve("checkpoints")).startingOffsets(start).bounded(true).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        IngestJob.build(env, settings);
        env.execute("ingest-it");
    }

    @AfterAll
    static void dropTables() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyRecordReadIsCuratedDeadLetteredOrADroppedDuplicatePerTopic() throws Exception {
        Map<String, Long> curated = new TreeMap<>();
        for (Record row : fixture.rows(GovTables.ITEM_EVENT)) {
            curated.merge((String) row.getField("source_topic"), 1L, Long::sum);
        }
        curated.put(Topics.EVAL_RATINGS, (long) fixture.rows(GovTables.EVAL_RATING).size());
        Map<String, Long> dead = new TreeMap<>();
        Map<String, Long> deadByReason = new TreeMap<>();
        for (Record row : fixture.rows(GovTables.DEAD_LETTER)) {
            dead.merge((String) row.getField("source_topic"), 1L, Long::sum);
            deadByReason.merge(row.getField("source_topic") + "/" + row.getField("reason"), 1L, Long::sum);
        }
        for (String topic : Topics.FEEDS) {
            SimulationReport.TopicCounts expected = report.topic(topic);
            long read = expected.records;
            long c = curated.getOrDefault(topic, 0L);
            long d = dead.getOrDefault(topic, 0L);
            assertEquals(expected.valid, c, "curated on " + topic);
            assertEquals(expected.faults, d, "dead letters on " + topic);
            assertEquals(expected.duplicates, read - c - d, "duplicates dropped on " + topic);
            for (Map.Entry<String, Long> fault : expected.faultKinds.entrySet()) {
                assertEquals(fault.getValue(), deadByReason.getOrDefault(topic + "/" + fault.getKey(), 0L), fault.getKey() + " on " + topic);
            }
        }
        for (FaultKind kind : FaultKind.values()) {
            long letters = deadByReason.entrySet().stream().filter(e -> e.getKey().endsWith("/" + kind.name())).mapToLong(Map.Entry::getValue).sum();
            assertTrue(letters > 0, kind + " injected and dead-lettered at least once");
        }
    }

    @Test
    void deadLetterTopicCarriesTheSameRejectionsAsTheTable() throws Exception {
        List<String> fromTopic = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : fixture.readCommitted(deadLettersStart)) {
            DeadLetter letter = DeadLetters.CODEC.decode(record.value());
            fromTopic.add(rejection(letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset(), letter.getReason().name(),
                    letter.getRawValue()));
        }
        List<String> fromTable = new ArrayList<>();
        for (Record row : fixture.rows(GovTables.DEAD_LETTER)) {
            fromTable.add(rejection((String) row.getField("source_topic"), (Integer) row.getField("source_partition"), (Long) row.getField("source_offset"),
                    (String) row.getField("reason"), (ByteBuffer) row.getField("raw_value")));
        }
        Collections.sort(fromTopic);
        Collections.sort(fromTable);
        assertEquals(report.faults.size(), fromTable.size(), "one dead letter per injected fault");
        assertEquals(fromTable, fromTopic, "gov.dlq.v1 and gov.dead_letter hold the same rejections, each once");
    }

    private static String rejection(String topic, int partition, long offset, String reason, ByteBuffer raw) {
        byte[] bytes = new byte[raw.remaining()];
        raw.duplicate().get(bytes);
        return topic + "/" + partition + "@" + offset + " " + reason + " " + SimulationReport.sha256(bytes);
    }

    @Test
    void deadLettersKeepTheExactRawBytesAndTheirSourcePosition() throws Exception {
        Set<String> reported = new HashSet<>();
        report.faults.forEach(fault -> reported.add(fault.sha256()));
        Set<String> found = new HashSet<>();
        for (Record row : fixture.rows(GovTables.DEAD_LETTER)) {
            ByteBuffer value = (ByteBuffer) row.getField("raw_value");
            byte[] bytes = new byte[value.remaining()];
            value.duplicate().get(bytes);
            found.add(SimulationReport.sha256(bytes));
            long offset = (Long) row.getField("source_offset");
            TopicPartition partition = new TopicPartition((String) row.getField("source_topic"), (Integer) row.getField("source_partition"));
            assertTrue(offset >= start.get(partition), "offset from this run");
        }
        assertEquals(reported, found);
    }

    @Test
    void itemCurrentHoldsOneRowPerItemWithItsLatestState() throws Exception {
        Map<String, Record> last = new HashMap<>();
        for (Record row : fixture.rows(GovTables.ITEM_EVENT)) {
            String item = (String) row.getField("item_id");
            Record previous = last.get(item);
            if (previous == null || laterInStream(row, previous)) {
                last.put(item, row);
            }
        }
        List<Record> current = fixture.rows(GovTables.ITEM_CURRENT);
        Map<String, String> currentState = new HashMap<>();
        for (Record row : current) {
            assertEquals(null, currentState.put((String) row.getField("item_id"), (String) row.getField("state")), "one row per item");
        }
        assertEquals(last.size(), current.size());
        last.forEach((item, row) -> assertEquals(row.getField("state"), currentState.get(item), item));
    }

    /** Transitions of one item share a partition; the later offset is the later transition. */
    private static boolean laterInStream(Record a, Record b) {
        return (Long) a.getField("source_offset") > (Long) b.getField("source_offset");
    }

    @Test
    void conformedItemsTopicHoldsEveryCuratedTransitionExactlyOnce() throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : fixture.readCommitted(itemsStart)) {
            if (record.value().length == 0) {
                continue; // a clock beat
            }
            var item = Conformer.ITEMS.decode(record.value());
            assertEquals(item.getItemId(), new String(record.key(), java.nio.charset.StandardCharsets.UTF_8), "keyed by item id");
            seen.merge(item.getSource() + "/" + item.getEventId(), 1, Integer::sum);
        }
        Set<String> curated = new HashSet<>();
        for (Record row : fixture.rows(GovTables.ITEM_EVENT)) {
            curated.add(row.getField("source") + "/" + row.getField("event_id"));
        }
        long expected = IngestFixture.valid(report, Topics.GRID_EVENTS) + IngestFixture.valid(report, Topics.HOTLINE_CASES) + IngestFixture.valid(report, Topics.POLICE_RISK);
        assertEquals(expected, curated.size(), "curated transitions");
        assertEquals(curated, seen.keySet(), "the topic holds the curated transitions");
        assertTrue(seen.values().stream().allMatch(count -> count == 1), "each exactly once");
    }

    @Test
    void everyConformedItemCarriesTheLineageOfItsFeedRecordAndItsSubtasksClockInOrder() throws Exception {
        Map<String, String> eventAt = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : fixture.readCommitted(start)) {
            String eventId;
            try {
                eventId = switch (record.topic()) {
                    case Topics.GRID_EVENTS -> FeedCodecs.GRID.decode(record.value()).getEventId();
                    case Topics.HOTLINE_CASES -> FeedCodecs.HOTLINE.decode(record.value()).getEventId();
                    case Topics.POLICE_RISK -> FeedCodecs.POLICE.decode(record.value()).getSignalId();
                    default -> null;
                };
            } catch (DecodeException faulty) {
                continue;
            }
            eventAt.put(record.topic() + "/" + record.partition() + "/" + record.offset(), eventId);
        }
        Map<String, Long> highWater = new HashMap<>();
        Map<String, Long> clockHighWater = new HashMap<>();
        int items = 0;
        for (ConsumerRecord<byte[], byte[]> record : fixture.readCommitted(itemsStart)) {
            if (record.value().length == 0) {
                IngestClock beat = IngestClock.read(record.headers());
                assertNotNull(beat, "a record without an item is a clock beat");
                assertNull(Lineage.read(record.headers()), "a clock beat has no lineage");
                Long previousClock = clockHighWater.put(record.partition() + " " + beat.subtask(), beat.watermark());
                assertTrue(previousClock == null || previousClock <= beat.watermark(), "a subtask's clock never goes back");
                continue;
            }
            var item = Conformer.ITEMS.decode(record.value());
            Lineage lineage = Lineage.read(record.headers());
            assertNotNull(lineage, "item " + item.getEventId() + " has a lineage header");
            assertEquals("gov-ingest-" + fixture.namespace, lineage.job());
            assertTrue(lineage.subtask() >= 0 && lineage.subtask() < 2, "subtask " + lineage.subtask());
            assertEquals(item.getEventId(), eventAt.get(lineage.topic() + "/" + lineage.partition() + "/" + lineage.offset()),
                    "the lineage names the feed record of the item's event");
            IngestClock clock = IngestClock.read(record.headers());
            assertNotNull(clock, "item " + item.getEventId() + " has an ingest clock header");
            assertEquals(List.of(lineage.job(), lineage.subtask(), 2), List.of(clock.job(), clock.subtask(), clock.subtasks()), "the clock of the writing subtask");
            Long previousClock = clockHighWater.put(record.partition() + " " + clock.subtask(), clock.watermark());
            assertTrue(previousClock == null || previousClock <= clock.watermark(), "a subtask's clock never goes back");
            Long previous = highWater.put(record.partition() + " " + lineage.source(), lineage.offset());
            assertTrue(previous == null || previous < lineage.offset(), "one subtask writes one feed partition's items in offset order: " + lineage);
            items++;
        }
        assertTrue(items > 1000, "items read: " + items);
    }

    @Test
    void noCuratedTableHoldsPhoneNumbersIdNumbersOrNamesFromTheInput() throws Exception {
        InputPii pii = inputPii();
        assertTrue(pii.names.size() > 100 && pii.phones.size() > 100 && pii.idNumbers.size() > 10, "PII in the input: " + pii);
        int scanned = 0;
        for (String table : GovTables.ALL) {
            Types.StructType struct = fixture.catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.of(fixture.namespace, table)).schema().asStruct();
            for (Record row : fixture.rows(table)) {
                for (Types.NestedField field : struct.fields()) {
                    for (String value : strings(row.getField(field.name()))) {
                        scanned++;
                        String where = table + "." + field.name();
                        if (field.name().equals("description_masked")) {
                            assertFalse(MOBILE.matcher(value).find(), where + " holds something shaped like a mobile number: " + value);
                            assertFalse(ID_NUMBER.matcher(value).find(), where + " holds something shaped like an ID number: " + value);
                        }
                        for (String digits : digitRuns(value)) {
                            assertFalse(pii.phones.contains(digits), where + " holds a phone number of the input");
                            assertFalse(pii.idNumbers.contains(digits), where + " holds an ID number of the input");
                        }
                        assertFalse(pii.names.contains(value), where + " holds a name of the input");
                        for (String name : pii.names) {
                            if (name.length() >= 3 && value.contains(name)) {
                                throw new AssertionError(where + " contains the input name " + name + ": " + value);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 10_000, "string values scanned: " + scanned);
    }

    @Test
    void descriptionsNameNoneOfTheirOwnRecordsPersonsHoweverShortTheName() throws Exception {
        // The simulator names a party or the caller in some texts; a two-character name is too short to
        // look for in every column, but a record's own description must not hold its own names.
        InputPii pii = inputPii();
        int masked = 0;
        for (Record row : fixture.rows(GovTables.ITEM_EVENT)) {
            String description = (String) row.getField("description_masked");
            for (String name : pii.namesByEvent.getOrDefault((String) row.getField("event_id"), List.of())) {
                assertFalse(description.contains(name), row.getField("event_id") + " names " + name + ": " + description);
            }
            masked += description.contains("[姓名]") ? 1 : 0;
        }
        assertTrue(masked > 100, "descriptions with a masked name: " + masked);
    }

    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{7,}[Xx]?");

    /** Runs of digits (an ID number's final X included), separators removed, as phones and IDs appear. */
    private static Set<String> digitRuns(String value) {
        Set<String> runs = new HashSet<>();
        var matcher = DIGIT_RUN.matcher(value.replaceAll("(?<=[0-9])[- ](?=[0-9])", ""));
        while (matcher.find()) {
            String run = matcher.group().toUpperCase(java.util.Locale.ROOT);
            runs.add(run);
            for (int i = 0; i + 11 <= run.length(); i++) {
                runs.add(run.substring(i, i + 11));
            }
            if (run.length() > 18) {
                for (int i = 0; i + 18 <= run.length(); i++) {
                    runs.add(run.substring(i, i + 18));
                }
            }
        }
        return runs;
    }

    /** Personal data present in this run's input. */
    private record InputPii(Set<String> names, Set<String> phones, Set<String> idNumbers, Map<String, List<String>> namesByEvent) {
        @Override
        public String toString() {
            return names.size() + " names, " + phones.size() + " phones, " + idNumbers.size() + " ID numbers";
        }
    }

    private static List<String> strings(Object value) {
        if (value instanceof CharSequence text) {
            return List.of(text.toString());
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            list.forEach(element -> out.addAll(strings(element)));
            return out;
        }
        return List.of();
    }

    /** Names, phone numbers and ID numbers in this run's input, read from Kafka and decoded independently, once. */
    private static synchronized InputPii inputPii() {
        if (inputPii == null) {
            inputPii = readInputPii();
        }
        return inputPii;
    }

    private static InputPii readInputPii() {
        InputPii pii = new InputPii(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashMap<>());
        Map<TopicPartition, Long> from = new HashMap<>();
        start.forEach((partition, offset) -> {
            if (partition.topic().equals(Topics.GRID_EVENTS) || partition.topic().equals(Topics.HOTLINE_CASES)) {
                from.put(partition, offset);
            }
        });
        for (ConsumerRecord<byte[], byte[]> record : fixture.readCommitted(from)) {
            try {
                if (record.topic().equals(Topics.GRID_EVENTS)) {
                    GridEvent event = FeedCodecs.GRID.decode(record.value());
                    for (PersonInvolved person : event.getPersons()) {
                        pii.names.add(person.getName());
                        pii.namesByEvent.computeIfAbsent(event.getEventId(), id -> new ArrayList<>()).add(person.getName());
                        addDigits(pii.phones, person.getPhone());
                        addDigits(pii.idNumbers, person.getIdNumber());
                    }
                    textPii(pii, event.getDescription());
                } else {
                    HotlineCase event = FeedCodecs.HOTLINE.decode(record.value());
                    if (event.getCallerName() != null) {
                        pii.names.add(event.getCallerName());
                        pii.namesByEvent.computeIfAbsent(event.getEventId(), id -> new ArrayList<>()).add(event.getCallerName());
                    }
                    addDigits(pii.phones, event.getCallerPhone());
                    textPii(pii, event.getText());
                }
            } catch (DecodeException faulty) {
                // undecodable faults carry no readable personal data
            }
        }
        return pii;
    }

    private static void textPii(InputPii pii, String text) {
        var mobile = MOBILE.matcher(text);
        while (mobile.find()) {
            pii.phones.add(mobile.group());
        }
        var id = ID_NUMBER.matcher(text);
        while (id.find()) {
            pii.idNumbers.add(id.group().toUpperCase(java.util.Locale.ROOT));
        }
        var landline = Pattern.compile("0411-?([0-9]{8})").matcher(text);
        while (landline.find()) {
            pii.phones.add("0411" + landline.group(1));
        }
    }

    private static void addDigits(Set<String> into, String value) {
        if (value != null) {
            into.add(value.replaceAll("[^0-9Xx]", "").toUpperCase(java.util.Locale.ROOT));
        }
    }
}
