package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.Matter;
import cn.dalian.governance.reference.MatterCatalogue;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference data loaded into the real PostgreSQL catalog, in a namespace of the test's own. */
class DimensionTablesTest
{
    private static TestNamespace scratch;
    private static AreaRegistry areas;
    private static MatterCatalogue matters;

    @BeforeAll
    static void createNamespace()
            throws Exception
    {
        areas = AreaRegistry.loadDefault();
        matters = MatterCatalogue.loadDefault();
        scratch = TestNamespace.create();
        GovTables.ensureAll(scratch.catalog(), scratch.namespace());
    }

    @AfterAll
    static void dropNamespace()
            throws IOException
    {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void dimensionRefreshWritesEveryAreaAndMatterOnceAndSkipsWhenUnchanged()
            throws IOException
    {
        long written = DimensionTables.refresh(scratch.catalog(), scratch.namespace(), areas, matters);

        assertEquals(areas.size() + matters.all().size(), written);
        Map<String, Record> areaRows = byKey(readAll(GovTables.DIM_AREA), "code");
        assertEquals(areas.size(), areaRows.size(), "one row per area");
        Map<String, Record> matterRows = byKey(readAll(GovTables.DIM_MATTER), "code", "version");
        assertEquals(matters.all().size(), matterRows.size(), "one row per matter version");
        Snapshot areaSnapshot = table(GovTables.DIM_AREA).currentSnapshot();
        Snapshot matterSnapshot = table(GovTables.DIM_MATTER).currentSnapshot();
        assertNotNull(areaSnapshot.summary().get(DimensionTables.REFERENCE_SHA256));

        assertEquals(0, DimensionTables.refresh(scratch.catalog(), scratch.namespace(), areas, matters));

        assertEquals(areaSnapshot.snapshotId(), table(GovTables.DIM_AREA).currentSnapshot().snapshotId());
        assertEquals(matterSnapshot.snapshotId(), table(GovTables.DIM_MATTER).currentSnapshot().snapshotId());
        assertEquals(1, count(table(GovTables.DIM_AREA).snapshots()));
        assertEquals(1, count(table(GovTables.DIM_MATTER).snapshots()));

        Area grid = areas.atLevel(AreaLevel.GRID).get(0);
        Record gridRow = areaRows.get(grid.code());
        Area community = areas.get(grid.parentCode());
        assertEquals("GRID", gridRow.getField("level"));
        assertEquals(community.code(), gridRow.getField("community_code"));
        assertEquals(community.parentCode(), gridRow.getField("street_code"));
        assertEquals(areas.get(community.parentCode()).parentCode(), gridRow.getField("district_code"));
        assertEquals(grid.gridType().name(), gridRow.getField("grid_type"));
        assertEquals(grid.gridStaff(), gridRow.getField("grid_staff"));
        Record communityRow = areaRows.get(community.code());
        assertEquals(community.population(), communityRow.getField("population"));
        assertEquals(community.urban(), communityRow.getField("urban"));
        assertEquals(community.latitude(), communityRow.getField("latitude"));
        assertEquals(community.code(), communityRow.getField("community_code"));
        Record cityRow = areaRows.get(AreaRegistry.CITY_CODE);
        assertNull(cityRow.getField("parent_code"));
        assertNull(cityRow.getField("district_code"));
        assertEquals(areas.city().population(), cityRow.getField("population"));

        for (Matter matter : matters.all()) {
            Record row = matterRows.get(matter.code() + "/" + matter.version());
            assertEquals(matter.nameZh(), row.getField("name_zh"));
            assertEquals(matter.group().name(), row.getField("matter_group"));
            assertEquals(matter.gridAdmitted(), row.getField("grid_admitted"));
            assertEquals(matter.effectiveFrom(), row.getField("effective_from"));
            assertEquals(matter.effectiveTo(), row.getField("effective_to"));
            assertEquals(matter.resolveWithin(Urgency.EMERGENCY).toNanos() / 3.6e12, (double) row.getField("resolve_hours_emergency"), 1e-9);
            assertEquals(matter.dispatchWithin(Urgency.NORMAL).toNanos() / 3.6e12, (double) row.getField("dispatch_hours_normal"), 1e-9);
        }
    }

    @Test
    void refreshReplacesTheTableWhenTheReferenceDataChanges()
            throws Exception
    {
        try (TestNamespace own = TestNamespace.create()) {
            GovTables.ensureAll(own.catalog(), own.namespace());
            DimensionTables.refresh(own.catalog(), own.namespace(), areas, matters);
            MatterCatalogue fewer = MatterCatalogue.parse("two-matters.csv", new StringReader(String.join("\n",
                    "code,version,name_zh,name_en,matter_group,grid_admitted,committee_listed,department,"
                            + "dispatch_hours_normal,resolve_hours_normal,dispatch_hours_urgent,resolve_hours_urgent,"
                            + "dispatch_hours_emergency,resolve_hours_emergency,effective_from,effective_to",
                    "T-1,1,测试一,Test one,DISPUTE,true,false,司法局,24,240,4,72,0.5,24,2024-07-01,2025-01-01",
                    "T-1,2,测试一,Test one,DISPUTE,true,true,司法局,12,120,2,48,0.25,12,2025-01-01,",
                    "")));

            long written = DimensionTables.refresh(own.catalog(), own.namespace(), areas, fewer);

            assertEquals(2, written, "only the changed table is rewritten");
            Table table = own.catalog().loadTable(GovTables.id(own.namespace(), GovTables.DIM_MATTER));
            List<Record> rows = readAll(table);
            assertEquals(2, rows.size());
            assertTrue(rows.stream().allMatch(row -> row.getField("code").equals("T-1")));
            assertEquals(2, count(table.snapshots()));
            assertEquals(1, count(own.catalog().loadTable(GovTables.id(own.namespace(), GovTables.DIM_AREA)).snapshots()));
            assertEquals(0, DimensionTables.refresh(own.catalog(), own.namespace(), areas, fewer));
        }
    }

    private static Table table(String name)
    {
        return scratch.catalog().loadTable(GovTables.id(scratch.namespace(), name));
    }

    private static List<Record> readAll(String name)
            throws IOException
    {
        return readAll(table(name));
    }

    private static List<Record> readAll(Table table)
            throws IOException
    {
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            return java.util.stream.StreamSupport.stream(records.spliterator(), false)
                    .map(Record::copy)
                    .collect(Collectors.toList());
        }
    }

    private static Map<String, Record> byKey(List<Record> records, String... keyColumns)
    {
        Map<String, Record> byKey = new HashMap<>();
        for (Record record : records) {
            StringBuilder key = new StringBuilder();
            for (String column : keyColumns) {
                key.append(key.length() == 0 ? "" : "/").append(record.getField(column));
            }
            byKey.put(key.toString(), record);
        }
        return byKey;
    }

    private static long count(Iterable<?> iterable)
    {
        long count = 0;
        for (Object ignored : iterable) {
            count++;
        }
        return count;
    }
}
