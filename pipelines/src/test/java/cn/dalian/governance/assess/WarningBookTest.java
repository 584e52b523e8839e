package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarningBookTest {
    private static Evidence evidence(List<String> items) {
        return new Evidence(0, 10, items, Map.of("n", (long) items.size()), Map.of("t", 2.0), "S", "STREET", "S", "why");
    }

    @Test
    void changesAreNumberedFromOneUnderOneStableIdAndNeverGoBackInTime() {
        OpenWarning warning = new OpenWarning();
        WarningChange opened = WarningBook.open(warning, "R1", "C", "COMMUNITY", "R1:C:100", "ORANGE", 100, evidence(List.of("a", "b")));
        assertEquals("OPENED", opened.status);
        assertEquals(1, opened.seq);
        assertEquals("R1:C:100", opened.warningId);
        WarningChange updated = WarningBook.update(warning, "R1", "RED", 90, evidence(List.of("a", "b", "c", "d")));
        assertNotNull(updated);
        assertEquals(2, updated.seq);
        assertEquals(100, updated.changedAt, "stamped no earlier than the last change");
        WarningChange cleared = WarningBook.clear(warning, "R1", "RED", 300, evidence(List.of("a", "b", "c", "d")));
        assertEquals(3, cleared.seq);
        assertEquals("R1:C:100", cleared.warningId);
        assertEquals("CLEARED", cleared.status);
    }

    @Test
    void anUpdateWithTheSameLevelAndEvidenceIsNoChangeButOtherEvidenceIs() {
        OpenWarning warning = new OpenWarning();
        WarningBook.open(warning, "R4", "C", "COMMUNITY", "R4:C:1", "YELLOW", 1, evidence(List.of("a", "b", "c")));
        assertNull(WarningBook.update(warning, "R4", "YELLOW", 2, evidence(List.of("a", "b", "c"))));
        WarningChange other = WarningBook.update(warning, "R4", "YELLOW", 3, evidence(List.of("a", "b", "d")));
        assertNotNull(other, "as many items, other ones");
        assertEquals(2, other.seq);
        assertEquals(List.of("a", "b", "d"), other.itemIds);
    }
}
