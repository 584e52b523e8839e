package cn.dalian.governance.publication;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data files and the report of one publication, as bytes, from the datasets alone: the same rows give the
 * same bytes (fixed column and row order, fixed number formatting, no clock). {@code <dataset>.csv} (UTF-8 with a
 * byte-order mark for spreadsheet programs, RFC 4180, CRLF, bilingual header), {@code <dataset>.json} (UTF-8,
 * columns with both labels, rows keyed by column name, two-space indentation, LF) and {@code report.html}.
 */
public final class PublicationFiles {
    public static final String REPORT = "report.html";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private PublicationFiles() {}

    /** File name → bytes, in publication order: each dataset's CSV and JSON, then the report. */
    public static Map<String, byte[]> render(String period, List<Dataset> datasets, PublishedColumns columns, int minCount) {
        requireNonNull(period, "period");
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Dataset dataset : datasets) {
            files.put(dataset.name() + ".csv", csv(dataset, columns, minCount));
            files.put(dataset.name() + ".json", json(period, dataset, columns, minCount));
        }
        files.put(REPORT, HtmlReport.render(period, datasets, columns, minCount).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** How a value appears in a CSV or HTML cell: a suppressed count as {@code <5}, no figure as empty. */
    public static String text(PublishedColumns.Column column, Object value, int minCount) {
        if (value == null) {
            return column.kind() == PublishedColumns.Kind.COUNT ? "<" + minCount : "";
        }
        return plain(value);
    }

    /** Numbers without exponent or trailing noise: decimals as typed (93.0), doubles shortest (0.15, 90). */
    static String plain(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double number) {
            return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    static byte[] csv(Dataset dataset, PublishedColumns columns, int minCount) {
        List<PublishedColumns.Column> described = describe(dataset, columns);
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (PublishedColumns.Column column : described) {
            header.add(column.header());
        }
        line(csv, header);
        for (List<Object> row : dataset.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cells.add(text(described.get(i), row.get(i), minCount));
            }
            line(csv, cells);
        }
        byte[] text = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, bytes, 0, BOM.length);
        System.arraycopy(text, 0, bytes, BOM.length, text.length);
        return bytes;
    }

    static byte[] json(String period, Dataset dataset, PublishedColumns columns, int minCount) {
        List<PublishedColumns.Column> described = describe(dataset, columns);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("dataset", dataset.name());
        document.put("period", period);
        document.put("suppression", "Counts below " + minCount + " are null (\"<" + minCount + "\" in the CSV file); so are rates, medians and scores over them.");
        List<Map<String, Object>> header = new ArrayList<>();
        for (PublishedColumns.Column column : described) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("label_zh", column.labelZh());
            entry.put("header", column.header());
            entry.put("kind", column.kind().name());
            header.add(entry);
        }
        document.put("columns", header);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : dataset.rows()) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                object.put(dataset.columns().get(i), value instanceof Double number ? BigDecimal.valueOf(number).stripTrailingZeros() : value);
            }
            rows.add(object);
        }
        document.put("rows", rows);
        return (json(document) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Deterministic pretty JSON: insertion order, two spaces, LF, decimals written plainly. */
    static String json(Object document) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        ObjectWriter writer = mapper.writer(printer);
        try {
            return writer.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PublishedColumns.Column> describe(Dataset dataset, PublishedColumns columns) {
        return dataset.columns().stream().map(columns::column).toList();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                csv.append(cell);
            }
        }
        csv.append("\r\n");
    }
}
