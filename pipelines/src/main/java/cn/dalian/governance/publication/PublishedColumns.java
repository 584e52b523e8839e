package cn.dalian.governance.publication;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published columns of {@code sql/publication-queries/columns.tsv}: name, Chinese label, kind and how the
 * figure is computed. The bilingual headers of the CSV and JSON files and the methods section of the report
 * come from here. Immutable; a malformed line fails the load naming the file and line.
 */
public final class PublishedColumns {
    /** How a column is written and checked. */
    public enum Kind {
        /** Names, codes, labels. */
        TEXT,
        /** A count: below the minimum it is suppressed (NULL from the view; "<5" in CSV and HTML, null in JSON). */
        COUNT,
        /** A rate in percent; empty when there is no figure or its base is suppressed. */
        PERCENT,
        /** A score, median or difference; empty likewise. */
        NUMBER,
        /** A rank, 1 = best. */
        RANK,
        /** true / false; empty when not judged. */
        FLAG
    }

    /** One column. */
    public record Column(String name, String labelZh, Kind kind, String method) {
        public Column {
            requireNonNull(name, "name");
            requireNonNull(labelZh, "labelZh");
            requireNonNull(kind, "kind");
            requireNonNull(method, "method");
        }

        /** The bilingual header, e.g. {@code volume 受理总量}. */
        public String header() {
            return name + " " + labelZh;
        }
    }

    private final Path file;
    private final Map<String, Column> columns;

    private PublishedColumns(Path file, Map<String, Column> columns) {
        this.file = requireNonNull(file, "file");
        this.columns = Map.copyOf(columns);
    }

    public static PublishedColumns load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            String where = file + " line " + (i + 1);
            if (fields.length != 4 || fields[0].isBlank() || fields[1].isBlank() || fields[3].isBlank()) {
                throw new IllegalArgumentException(where + ": want 4 tab-separated fields (name, 中文, kind, method), got " + fields.length);
            }
            Kind kind;
            try {
                kind = Kind.valueOf(fields[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown kind '" + fields[2] + "' (kinds: " + List.of(Kind.values()) + ")");
            }
            if (columns.put(fields[0], new Column(fields[0], fields[1], kind, fields[3])) != null) {
                throw new IllegalArgumentException(where + ": column " + fields[0] + " listed twice");
            }
        }
        return new PublishedColumns(file, columns);
    }

    /** The column named; IllegalStateException naming the file when it has no line. */
    public Column column(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw new IllegalStateException("published column '" + name + "' has no line in " + file + ": add its Chinese label, kind and method there");
        }
        return column;
    }

    public Path file() {
        return file;
    }
}
