package cn.dalian.governance.simulator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a simulation run sent: per topic the records, valid ones by kind, duplicates, late records and
 * faults by kind, and every faulty record with its exact bytes. Holds no wall-clock time, so the same
 * run gives the same report byte for byte.
 */
public final class SimulationReport {
    /** Counts for one topic. */
    public static final class TopicCounts {
        @JsonProperty public long records;
        @JsonProperty public long valid;
        @JsonProperty public long duplicates;
        @JsonProperty public long late;
        @JsonProperty public long faults;
        @JsonProperty public SortedMap<String, Long> kinds = new TreeMap<>();
        @JsonProperty public SortedMap<String, Long> faultKinds = new TreeMap<>();
    }

    /** One injected faulty record, exactly as sent. */
    public record Fault(
            @JsonProperty("topic") String topic,
            @JsonProperty("kind") FaultKind kind,
            @JsonProperty("key") String key,
            @JsonProperty("sentAt") String sentAt,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("valueBase64") String valueBase64) {
        @JsonCreator
        public Fault {}

        public byte[] value() {
            return Base64.getDecoder().decode(valueBase64);
        }
    }

    @JsonProperty public long seed;
    @JsonProperty public String start;
    @JsonProperty public String end;
    @JsonProperty public int days;
    @JsonProperty public double scale;
    @JsonProperty public String scenario;
    @JsonProperty public SortedMap<String, Double> faultShares = new TreeMap<>();
    @JsonProperty public double duplicateShare;
    @JsonProperty public double lateShare;
    @JsonProperty public long records;
    @JsonProperty public SortedMap<String, TopicCounts> topics = new TreeMap<>();
    @JsonProperty public List<Fault> faults = new ArrayList<>();

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static SimulationReport start(SimulationConfig config) {
        SimulationReport report = new SimulationReport();
        report.seed = config.seed();
        report.start = config.start().toString();
        report.end = config.end().toString();
        report.days = config.days();
        report.scale = config.scale();
        report.scenario = config.scenario().map(Scenario::name).orElse(null);
        config.faultShares().forEach((kind, share) -> report.faultShares.put(kind.name(), share));
        report.duplicateShare = config.duplicateShare();
        report.lateShare = config.lateShare();
        return report;
    }

    void count(SimRecord record) {
        TopicCounts counts = topics.computeIfAbsent(record.topic(), topic -> new TopicCounts());
        records++;
        counts.records++;
        if (record.isLate()) {
            counts.late++;
        }
        if (record.fault() != null) {
            counts.faults++;
            counts.faultKinds.merge(record.fault().name(), 1L, Long::sum);
            faults.add(new Fault(record.topic(), record.fault(), new String(record.key(), java.nio.charset.StandardCharsets.UTF_8),
                    record.sentAt().toString(), sha256(record.value()), Base64.getEncoder().encodeToString(record.value())));
        } else if (record.isDuplicate()) {
            counts.duplicates++;
        } else {
            counts.valid++;
            counts.kinds.merge(record.kind(), 1L, Long::sum);
        }
    }

    public TopicCounts topic(String topic) {
        return topics.getOrDefault(topic, new TopicCounts());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        JSON.writeValue(file.toFile(), this);
    }

    public static SimulationReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), SimulationReport.class);
    }

    /** A table for the terminal: records per topic and kind of record. */
    public void print(PrintStream out) {
        out.printf("%-22s %10s %10s %10s %8s %8s%n", "topic", "records", "valid", "duplicates", "late", "faults");
        for (Map.Entry<String, TopicCounts> entry : topics.entrySet()) {
            TopicCounts c = entry.getValue();
            out.printf("%-22s %,10d %,10d %,10d %,8d %,8d%n", entry.getKey(), c.records, c.valid, c.duplicates, c.late, c.faults);
        }
        out.printf("%-22s %,10d%n", "total", records);
        for (Map.Entry<String, TopicCounts> entry : topics.entrySet()) {
            out.printf("  %s kinds: %s%n", entry.getKey(), entry.getValue().kinds);
            if (!entry.getValue().faultKinds.isEmpty()) {
                out.printf("  %s faults: %s%n", entry.getKey(), entry.getValue().faultKinds);
            }
        }
    }
}
