package cn.dalian.governance.reference;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvReaderTest
{
    private static List<CsvReader.Record> read(String text)
    {
        return new CsvReader("test.csv", new StringReader(text)).readAll();
    }

    @Test
    void readsQuotedFieldsWithEscapedQuotesCommasAndLineBreaks()
    {
        List<CsvReader.Record> records = read("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,\"\"\nlast,x,y");
        assertEquals(List.of("a", "b,c", "say \"hi\""), records.get(0).fields());
        assertEquals(1, records.get(0).line());
        assertEquals(List.of("multi\nline", "", ""), records.get(1).fields());
        assertEquals(2, records.get(1).line());
        // the quoted line break moved the next record to line 4
        assertEquals(4, records.get(2).line());
        assertEquals(List.of("last", "x", "y"), records.get(2).fields());
    }

    @Test
    void ignoresByteOrderMarkAndTrailingBlankLines()
    {
        List<CsvReader.Record> records = read("\uFEFFh1,h2\n1,2\n\n\n");
        assertEquals(List.of("h1", "h2"), records.get(0).fields());
        assertEquals(2, records.size());
    }

    @Test
    void rejectsMalformedQuoting()
    {
        ReferenceDataException stray = assertThrows(ReferenceDataException.class, () -> read("h\nab\"c\n"));
        assertEquals(2, stray.line());
        assertEquals("test.csv:2: quote inside unquoted field 1", stray.getMessage());

        ReferenceDataException after = assertThrows(ReferenceDataException.class, () -> read("h,i\nx,\"ab\"c\n"));
        assertEquals(2, after.line());
        assertEquals("unexpected text after closing quote in field 2", after.reason());

        ReferenceDataException open = assertThrows(ReferenceDataException.class, () -> read("h\n\"abc\n"));
        assertEquals(2, open.line());
        assertEquals("unterminated quoted field", open.reason());
    }
}
