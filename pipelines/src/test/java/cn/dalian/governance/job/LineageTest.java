package cn.dalian.governance.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class LineageTest {
    @Test
    void aLineageSurvivesItsHeader() {
        Lineage lineage = Lineage.of("gov-ingest", 1, new RawRecord("gov.grid.events.v1", 3, 12_345L, 0L, null, new byte[0]));
        RecordHeaders headers = new RecordHeaders();
        headers.add(Lineage.HEADER, lineage.encode());
        assertEquals(lineage, Lineage.read(headers));
        assertEquals("gov-ingest|1|gov.grid.events.v1|3", lineage.source(), "the high-water key leaves the offset out");
        assertEquals("gov-ingest|1|gov.grid.events.v1|3|12345", new String(lineage.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void aMissingOrMalformedHeaderIsNoLineage() {
        assertNull(Lineage.read(new RecordHeaders()));
        assertNull(Lineage.read(null));
        for (String bad : new String[] {"", "a|b", "job|x|t|0|1", "job|0|t|0|-1", "job|0|t|0|1|extra", "job|0|t|0|99999999999999999999"}) {
            assertNull(Lineage.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void aSeparatorInsideANameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Lineage("gov|x", 0, "t", 0, 0));
    }
}
