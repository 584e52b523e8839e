package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.Item;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.avro.Urgency;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static cn.dalian.governance.iceberg.RowAssertions.assertRowMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ItemRowsTest
{
    static Item fullyPopulated()
    {
        return Item.newBuilder()
                .setEventId("grid-event-000042")
                .setItemId("GRID:G-2026-000042")
                .setSource(Source.GRID)
                .setOccurredAt(Instant.parse("2026-11-28T01:02:03.456Z"))
                .setIngestedAt(Instant.parse("2026-11-28T01:02:09.001Z"))
                .setState("ASSIGNED")
                .setPreviousState("COLLECTED")
                .setGridCode("210202001001001")
                .setCommunityCode("210202001001")
                .setStreetCode("210202001")
                .setDistrictCode("210202")
                .setMatterCode("DSP-NEIGHBOUR")
                .setMatterVersion(3)
                .setMatterGroup(MatterGroup.DISPUTE)
                .setUrgency(Urgency.URGENT)
                .setVulnerableGroup("ELDERLY_ALONE")
                .setReporterType("GRID_WORKER")
                .setRequestType("COMPLAINT")
                .setChannel("PHONE")
                .setPersonKeys(List.of("a1b2c3", "d4e5f6"))
                .setDescriptionMasked("邻里噪音纠纷，电话 138****0000")
                .setAssigneeType("COMMITTEE")
                .setAssignee("210202001001")
                .setAssignedBy("210202001")
                .setOffList(true)
                .setDispatchDueAt(Instant.parse("2026-11-28T03:02:03.456Z"))
                .setResolveDueAt(Instant.parse("2026-11-30T01:02:03.456Z"))
                .setSatisfaction("SATISFIED")
                .setVerification("PASSED")
                .setMediationChannel("PEOPLES")
                .setMediationOutcome("RESOLVED")
                .setSignalType("DISPUTE_CALL")
                .setRiskLevel(2)
                .setPeopleInvolved(5)
                .build();
    }

    @Test
    void fullyPopulatedItemBecomesARowOfTheItemTablesWithEveryValue()
    {
        Item item = fullyPopulated();

        RowData row = ItemRows.toRow(item, "gov.items.v1", 7, 123_456_789_012L);

        for (String table : List.of(GovTables.ITEM_EVENT, GovTables.ITEM_CURRENT)) {
            Map<String, Object> values = assertRowMatches(table, row, item);
            assertEquals("gov.items.v1", values.get("source_topic"));
            assertEquals(7, values.get("source_partition"));
            assertEquals(123_456_789_012L, values.get("source_offset"));
        }
    }

    @Test
    void absentOptionalFieldsBecomeNullsAndAnEmptyPersonList()
    {
        Item item = Item.newBuilder(fullyPopulated())
                .setSource(Source.POLICE)
                .setPreviousState(null)
                .setGridCode(null)
                .setMatterCode(null)
                .setMatterVersion(null)
                .setVulnerableGroup(null)
                .setReporterType(null)
                .setRequestType(null)
                .setChannel(null)
                .setPersonKeys(List.of())
                .setAssigneeType(null)
                .setAssignee(null)
                .setAssignedBy(null)
                .setOffList(false)
                .setDispatchDueAt(null)
                .setResolveDueAt(null)
                .setSatisfaction(null)
                .setVerification(null)
                .setMediationChannel(null)
                .setMediationOutcome(null)
                .setSignalType(null)
                .setRiskLevel(null)
                .setPeopleInvolved(null)
                .build();

        Map<String, Object> values = assertRowMatches(GovTables.ITEM_EVENT, ItemRows.toRow(item, "gov.items.v1", 0, 0), item);

        assertNull(values.get("dispatch_due_at"));
        assertEquals(List.of(), values.get("person_keys"));
    }
}
