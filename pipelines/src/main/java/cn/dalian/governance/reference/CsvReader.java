package cn.dalian.governance.reference;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Small strict reader of RFC 4180 CSV: comma separator, optional double-quoted fields in which a
 * doubled quote stands for one quote and commas and line breaks are literal, records ended by
 * CRLF or LF. A leading UTF-8 byte order mark is skipped. Anything else is rejected with a
 * {@link ReferenceDataException} naming the source and line: a quote inside an unquoted field,
 * text after a closing quote, an unterminated quoted field, or a blank line followed by more data.
 * Blank lines at the very end of the input are ignored.
 */
final class CsvReader
{
    private final String sourceName;
    private final Reader reader;
    private int line = 1;
    private int peeked = -2;
    private boolean started;

    CsvReader(String sourceName, Reader reader)
    {
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName is null");
        this.reader = Objects.requireNonNull(reader, "reader is null");
    }

    /** One record and the 1-based line on which it starts. */
    static final class Record
    {
        private final int line;
        private final List<String> fields;

        Record(int line, List<String> fields)
        {
            this.line = line;
            this.fields = List.copyOf(fields);
        }

        int line()
        {
            return line;
        }

        List<String> fields()
        {
            return fields;
        }

        int size()
        {
            return fields.size();
        }

        String get(int index)
        {
            return fields.get(index);
        }
    }

    /** Reads every record; the first one is the header if the file has one. */
    List<Record> readAll()
    {
        List<Record> records = new ArrayList<>();
        int blankLine = 0;
        while (true) {
            Record record = next();
            if (record == null) {
                return records;
            }
            if (record.size() == 1 && record.get(0).isEmpty()) {
                if (blankLine == 0) {
                    blankLine = record.line();
                }
                continue;
            }
            if (blankLine != 0) {
                throw new ReferenceDataException(sourceName, blankLine, "blank line before more data");
            }
            records.add(record);
        }
    }

    /** The next record, or null at end of input. */
    Record next()
    {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        if (peek() == -1) {
            return null;
        }
        int startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            int c = peek();
            if (c == '"' && field.length() == 0) {
                read();
                readQuoted(field, startLine);
                int after = peek();
                if (after != ',' && after != '\n' && after != '\r' && after != -1) {
                    throw new ReferenceDataException(sourceName, line, "unexpected text after closing quote in field " + (fields.size() + 1));
                }
                continue;
            }
            if (c == '"') {
                throw new ReferenceDataException(sourceName, line, "quote inside unquoted field " + (fields.size() + 1));
            }
            if (c == ',') {
                read();
                fields.add(field.toString());
                field.setLength(0);
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                consumeLineEnd();
                fields.add(field.toString());
                return new Record(startLine, fields);
            }
            field.append((char) read());
        }
    }

    private void readQuoted(StringBuilder field, int startLine)
    {
        // field is empty here; a quoted empty field stays empty, which is what we want
        while (true) {
            int c = read();
            if (c == -1) {
                throw new ReferenceDataException(sourceName, startLine, "unterminated quoted field");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    field.append('"');
                    continue;
                }
                return;
            }
            if (c == '\r') {
                if (peek() == '\n') {
                    read();
                }
                line++;
                field.append('\n');
                continue;
            }
            if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private void consumeLineEnd()
    {
        int c = peek();
        if (c == '\r') {
            read();
            if (peek() == '\n') {
                read();
            }
            line++;
        }
        else if (c == '\n') {
            read();
            line++;
        }
    }

    private int peek()
    {
        if (peeked == -2) {
            try {
                peeked = reader.read();
            }
            catch (IOException e) {
                throw new UncheckedIOException("Failed to read " + sourceName, e);
            }
        }
        return peeked;
    }

    private int read()
    {
        int c = peek();
        peeked = -2;
        return c;
    }
}
