package cn.dalian.governance.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one table {@code platform bench} prints and writes as JSON: each figure with its target and a note. */
final class BenchTable {
    /** One figure. {@code target} and {@code verdict} are empty where the issue sets no target. */
    record Row(String figure, String value, String target, String verdict, String note) {
        Row {
            requireNonNull(figure, "figure");
            requireNonNull(value, "value");
            requireNonNull(target, "target");
            requireNonNull(verdict, "verdict");
            requireNonNull(note, "note");
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> machine = new LinkedHashMap<>();

    void machine(String key, Object value) {
        machine.put(key, value);
    }

    void add(String figure, String value, String note) {
        rows.add(new Row(figure, value, "", "", note));
    }

    void add(String figure, String value, String target, boolean met, String note) {
        rows.add(new Row(figure, value, target, met ? "met" : "MISSED", note));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    void print(PrintStream out) {
        int figure = Math.max(6, rows.stream().mapToInt(row -> row.figure().length()).max().orElse(0));
        int value = Math.max(5, rows.stream().mapToInt(row -> row.value().length()).max().orElse(0));
        int target = Math.max(6, rows.stream().mapToInt(row -> row.target().length()).max().orElse(0));
        String format = "%-" + figure + "s  %" + value + "s  %-" + target + "s  %-6s  %s%n";
        machine.forEach((key, val) -> out.printf("%s: %s%n", key, val));
        out.println();
        out.printf(format, "figure", "value", "target", "", "note");
        out.printf(format, "-".repeat(figure), "-".repeat(value), "-".repeat(target), "------", "----");
        for (Row row : rows) {
            out.printf(format, row.figure(), row.value(), row.target(), row.verdict(), row.note());
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
