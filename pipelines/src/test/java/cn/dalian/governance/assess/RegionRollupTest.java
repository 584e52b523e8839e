package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessFixtures.HOUR;
import static cn.dalian.governance.assess.AssessFixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.reference.AreaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class RegionRollupTest {
    private static final String DISTRICT = "210202";
    private static final String STREET_A = "210202001";
    private static final String STREET_B = "210202002";
    private static final long H0 = at("2026-10-01T10:00:00+08:00");

    private static KeyedOneInputStreamOperatorTestHarness<String, RegionRollup.Part, AreaHourlyRow> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, RegionRollup.Part, AreaHourlyRow>(
                new KeyedProcessOperator<>(new RegionRollup()), RegionRollup::key, Types.STRING);
        harness.setup();
        harness.open();
        return harness;
    }

    private static AreaHourlyRow street(String street, long hour, long newItems, long repeats, long backlog) {
        AreaHourlyRow row = new AreaHourlyRow();
        row.areaCode = street;
        row.areaLevel = "STREET";
        row.matterGroup = "DISPUTE";
        row.hourStart = hour;
        row.newItems = newItems;
        row.complaints = repeats;
        row.repeatComplaints = repeats;
        row.openBacklog = backlog;
        return row;
    }

    /** Routes a street row as the job does: to its district and the city. */
    private static void send(KeyedOneInputStreamOperatorTestHarness<String, RegionRollup.Part, AreaHourlyRow> harness, AreaHourlyRow row) throws Exception {
        List<RegionRollup.Part> parts = new ArrayList<>();
        new RegionRollup.Route().flatMap(row, new Collector<>() {
            @Override
            public void collect(RegionRollup.Part part) {
                parts.add(part);
            }

            @Override
            public void close() {}
        });
        for (RegionRollup.Part part : parts) {
            harness.processElement(part, row.hourStart);
        }
    }

    private static Map<String, AreaHourlyRow> rows(KeyedOneInputStreamOperatorTestHarness<String, RegionRollup.Part, AreaHourlyRow> harness) {
        Map<String, AreaHourlyRow> rows = new TreeMap<>();
        harness.extractOutputValues().forEach(row -> rows.put(row.areaCode + "@" + row.hourStart, row));
        return rows;
    }

    @Test
    void theDistrictAndTheCitySumTheirStreetsCountsAndLatestStandingWhenTheHourIsFinal() throws Exception {
        try (var harness = harness()) {
            send(harness, street(STREET_A, H0, 3, 1, 5));
            send(harness, street(STREET_B, H0, 2, 0, 4));
            harness.processWatermark(H0 + HOUR - 1);
            assertEquals(Map.of(), rows(harness), "not before the hour is final");
            harness.processWatermark(H0 + HOUR);
            AreaHourlyRow district = rows(harness).get(DISTRICT + "@" + H0);
            assertEquals("DISTRICT", district.areaLevel);
            assertEquals(5, district.newItems);
            assertEquals(1, district.repeatComplaints);
            assertEquals(9, district.openBacklog);
            AreaHourlyRow city = rows(harness).get(AreaRegistry.CITY_CODE + "@" + H0);
            assertEquals("CITY", city.areaLevel);
            assertEquals(5, city.newItems);

            // Next hour only street A has a row; B still stands at 4.
            send(harness, street(STREET_A, H0 + HOUR, 1, 0, 6));
            harness.processWatermark(H0 + 2 * HOUR);
            AreaHourlyRow next = rows(harness).get(DISTRICT + "@" + (H0 + HOUR));
            assertEquals(1, next.newItems);
            assertEquals(10, next.openBacklog, "6 of A and the 4 B still stands at");
        }
    }

    @Test
    void aCorrectedStreetRowOfAFinalHourEmitsTheRegionsRowAgain() throws Exception {
        try (var harness = harness()) {
            send(harness, street(STREET_A, H0, 3, 0, 0));
            send(harness, street(STREET_B, H0, 2, 0, 0));
            harness.processWatermark(H0 + HOUR);
            send(harness, street(STREET_A, H0, 4, 0, 0));
            assertEquals(6, rows(harness).get(DISTRICT + "@" + H0).newItems, "4 of A (corrected) and 2 of B");
            assertEquals(6, rows(harness).get(AreaRegistry.CITY_CODE + "@" + H0).newItems);
        }
    }
}
