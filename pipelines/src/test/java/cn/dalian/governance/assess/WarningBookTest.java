package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.dalian.governance.avro.Warning;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarningBookTest {
    private static Evidence evidence(String... items) {
        return new Evidence(0, 1000, List.of(items), Map.of("signals", (long) items.length), Map.of("orange", 2.0),
                "210202001", "STREET", "210202001", items.length + " signals");
    }

    @Test
    void opensOnceThenUpdatesOnlyWhenLevelOrEvidenceGrowsThenClears() {
        WarningBook.Decision opened = WarningBook.judge("R1", "210202001001", "COMMUNITY", null, "ORANGE", 100, evidence("a", "b"));
        assertEquals("OPENED", opened.change().status);
        WarningBook.Decision same = WarningBook.judge("R1", "210202001001", "COMMUNITY", opened.next(), "ORANGE", 200, evidence("a", "b"));
        assertNull(same.change(), "the same evidence publishes nothing");
        WarningBook.Decision grown = WarningBook.judge("R1", "210202001001", "COMMUNITY", same.next(), "ORANGE", 300, evidence("a", "b", "c"));
        assertEquals("UPDATED", grown.change().status);
        assertEquals(opened.change().warningId, grown.change().warningId, "one warning per rule and area");
        WarningBook.Decision red = WarningBook.judge("R1", "210202001001", "COMMUNITY", grown.next(), "RED", 400, evidence("a", "b", "c", "d"));
        assertEquals("RED", red.change().level);
        WarningBook.Decision cleared = WarningBook.judge("R1", "210202001001", "COMMUNITY", red.next(), null, 500, evidence());
        assertEquals("CLEARED", cleared.change().status);
        assertEquals("RED", cleared.change().level, "a cleared warning keeps the level it had");
        assertNull(cleared.next());
        assertNull(WarningBook.judge("R1", "210202001001", "COMMUNITY", null, null, 600, evidence()).change(), "nothing open, nothing to clear");
    }

    @Test
    void aChangeBecomesAnAvroWarningThatRoundTrips() throws Exception {
        WarningChange change = WarningBook.judge("R1", "210202001001", "COMMUNITY", null, "ORANGE", 100, evidence("a", "b")).change();
        Warning warning = Warnings.toAvro(change);
        assertEquals(warning, Warnings.CODEC.decode(Warnings.CODEC.encode(warning)));
        assertEquals(List.of("a", "b"), warning.getItemIds());
        assertEquals(2L, warning.getCounts().get("signals"));
    }
}
