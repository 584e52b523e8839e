package cn.dalian.governance.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/** Helpers shared by the reference data loaders: opening files and resources, header and field checks. */
final class ReferenceCsv
{
    private ReferenceCsv() {}

    static <T> T load(Path csv, BiFunction<String, Reader, T> parser)
    {
        requireNonNull(csv, "csv is null");
        // Files.newBufferedReader reports malformed UTF-8 instead of replacing it
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return parser.apply(csv.toString(), reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + csv, e);
        }
    }

    static <T> T loadResource(Class<?> owner, String resource, BiFunction<String, Reader, T> parser)
    {
        InputStream in = owner.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Resource not found on the classpath: " + resource);
        }
        // a decoder from newDecoder() reports malformed input rather than replacing it
        try (Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()))) {
            return parser.apply("classpath:" + resource, reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to read classpath:" + resource, e);
        }
    }

    /**
     * Reads all records and checks the header; returns the data records. Every data record is
     * checked for the column count and for values that contain a comma, a quote, a line break or
     * surrounding whitespace, which reference data must not have even when quoted.
     */
    static List<CsvReader.Record> readData(String sourceName, Reader reader, List<String> header)
    {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(reader, "reader is null");
        List<CsvReader.Record> records = new CsvReader(sourceName, reader).readAll();
        if (records.isEmpty()) {
            throw new ReferenceDataException(sourceName, 1, "missing header line, expected '" + String.join(",", header) + "'");
        }
        CsvReader.Record first = records.get(0);
        if (!first.fields().equals(header)) {
            throw new ReferenceDataException(sourceName, first.line(),
                    "header must be '" + String.join(",", header) + "' but was '" + String.join(",", first.fields()) + "'");
        }
        List<CsvReader.Record> data = records.subList(1, records.size());
        for (CsvReader.Record record : data) {
            if (record.size() != header.size()) {
                throw new ReferenceDataException(sourceName, record.line(),
                        "expected " + header.size() + " columns but found " + record.size());
            }
            for (int i = 0; i < header.size(); i++) {
                String value = record.get(i);
                if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    throw new ReferenceDataException(sourceName, record.line(),
                            "column " + header.get(i) + " contains a comma, quote or line break: '" + value + "'");
                }
                if (!value.strip().equals(value)) {
                    throw new ReferenceDataException(sourceName, record.line(),
                            "column " + header.get(i) + " has leading or trailing whitespace: '" + value + "'");
                }
            }
        }
        return data;
    }

    /** Strict boolean: exactly {@code true} or {@code false}. */
    static boolean parseBoolean(String sourceName, CsvReader.Record record, String column, String value)
    {
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new ReferenceDataException(sourceName, record.line(), column + " must be true or false, was '" + value + "'");
    }
}
