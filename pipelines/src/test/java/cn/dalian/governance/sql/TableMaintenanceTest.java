package cn.dalian.governance.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.iceberg.GovTables;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableMaintenanceTest {
    private static LocalDate oct(int day) {
        return LocalDate.of(2026, 10, day);
    }

    @Test
    void daysAreGroupedIntoWindowsOfAtMostSevenCalendarDays() {
        List<TableMaintenance.Window> windows = TableMaintenance.windows(List.of(oct(1), oct(2), oct(7), oct(8), oct(20), oct(31), LocalDate.of(2026, 11, 1)));

        assertEquals(List.of(
                new TableMaintenance.Window(oct(1), oct(8)),
                new TableMaintenance.Window(oct(8), oct(9)),
                new TableMaintenance.Window(oct(20), oct(21)),
                new TableMaintenance.Window(oct(31), LocalDate.of(2026, 11, 2))), windows);
    }

    @Test
    void noDaysNoWindows() {
        assertEquals(List.of(), TableMaintenance.windows(List.of()));
    }

    @Test
    void theDayPartitionedTablesAreFoundFromTheirOneDefinition() {
        assertEquals(Optional.of("occurred_at"), TableMaintenance.dayPartitionColumn(GovTables.ITEM_EVENT));
        assertEquals(Optional.of("changed_at"), TableMaintenance.dayPartitionColumn(GovTables.WARNING));
        assertEquals(Optional.of("rejected_at"), TableMaintenance.dayPartitionColumn(GovTables.DEAD_LETTER));
        assertEquals(Optional.empty(), TableMaintenance.dayPartitionColumn(GovTables.ITEM_CURRENT));
    }
}
