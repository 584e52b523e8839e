package cn.dalian.governance.iceberg;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.Matter;
import cn.dalian.governance.reference.MatterCatalogue;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Loads the reference data (DESIGN section 4) into {@link GovTables#DIM_AREA} and
 * {@link GovTables#DIM_MATTER}: each table is replaced whole in one overwrite commit.
 *
 * <p>The commit's snapshot summary carries {@value #REFERENCE_SHA256} — the SHA-256 of the table's
 * columns and rows. When the current snapshot already carries the hash of the data at hand the
 * table is left alone, so restarting a job adds no snapshots. Any other writer's commit (which has
 * no such property) makes the next refresh rewrite the table.
 */
public final class DimensionTables
{
    /** Snapshot summary property with the SHA-256 (hex) of the reference content committed. */
    public static final String REFERENCE_SHA256 = "gov.reference-sha256";

    private static final double NANOS_PER_HOUR = Duration.ofHours(1).toNanos();

    private DimensionTables() {}

    /**
     * Writes both dimension tables (which must exist, see {@link GovTables#ensureAll}) unless their
     * content is already current. Returns the number of rows written, 0 when both were current.
     */
    public static long refresh(Catalog catalog, String namespace, AreaRegistry areas, MatterCatalogue matters)
    {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(areas, "areas is null");
        requireNonNull(matters, "matters is null");
        Table areaTable = catalog.loadTable(GovTables.id(namespace, GovTables.DIM_AREA));
        Table matterTable = catalog.loadTable(GovTables.id(namespace, GovTables.DIM_MATTER));
        return replaceIfChanged(areaTable, GovTables.schema(GovTables.DIM_AREA), areaRecords(areaTable.schema(), areas))
                + replaceIfChanged(matterTable, GovTables.schema(GovTables.DIM_MATTER), matterRecords(matterTable.schema(), matters));
    }

    static List<Record> areaRecords(Schema tableSchema, AreaRegistry areas)
    {
        List<Record> records = new ArrayList<>();
        for (Area area : areas.all()) {
            Record record = GenericRecord.create(tableSchema);
            record.setField("code", area.code());
            record.setField("level", area.level().name());
            record.setField("parent_code", area.parentCode());
            record.setField("district_code", ancestorCode(areas, area, AreaLevel.DISTRICT));
            record.setField("street_code", ancestorCode(areas, area, AreaLevel.STREET));
            record.setField("community_code", ancestorCode(areas, area, AreaLevel.COMMUNITY));
            record.setField("name_zh", area.nameZh());
            record.setField("name_en", area.nameEn());
            record.setField("population", area.population());
            record.setField("urban", area.urban());
            record.setField("grid_type", area.gridType() == null ? null : area.gridType().name());
            record.setField("grid_staff", area.gridStaff());
            record.setField("latitude", area.latitude());
            record.setField("longitude", area.longitude());
            record.setField("official", area.official());
            records.add(record);
        }
        return records;
    }

    static List<Record> matterRecords(Schema tableSchema, MatterCatalogue matters)
    {
        List<Record> records = new ArrayList<>();
        for (Matter matter : matters.all()) {
            Record record = GenericRecord.create(tableSchema);
            record.setField("code", matter.code());
            record.setField("version", matter.version());
            record.setField("name_zh", matter.nameZh());
            record.setField("name_en", matter.nameEn());
            record.setField("matter_group", matter.group().name());
            record.setField("grid_admitted", matter.gridAdmitted());
            record.setField("committee_listed", matter.committeeListed());
            record.setField("department", matter.department());
            record.setField("dispatch_hours_normal", hours(matter.dispatchWithin(Urgency.NORMAL)));
            record.setField("resolve_hours_normal", hours(matter.resolveWithin(Urgency.NORMAL)));
            record.setField("dispatch_hours_urgent", hours(matter.dispatchWithin(Urgency.URGENT)));
            record.setField("resolve_hours_urgent", hours(matter.resolveWithin(Urgency.URGENT)));
            record.setField("dispatch_hours_emergency", hours(matter.dispatchWithin(Urgency.EMERGENCY)));
            record.setField("resolve_hours_emergency", hours(matter.resolveWithin(Urgency.EMERGENCY)));
            record.setField("effective_from", matter.effectiveFrom());
            record.setField("effective_to", matter.effectiveTo());
            records.add(record);
        }
        return records;
    }

    private static String ancestorCode(AreaRegistry areas, Area area, AreaLevel level)
    {
        if (level.ordinal() > area.level().ordinal()) {
            return null;
        }
        return areas.ancestor(area, level).code();
    }

    private static double hours(Duration duration)
    {
        return duration.toNanos() / NANOS_PER_HOUR;
    }

    private static long replaceIfChanged(Table table, Schema definition, List<Record> records)
    {
        String sha256 = sha256(definition, records);
        Snapshot current = table.currentSnapshot();
        if (current != null && sha256.equals(current.summary().get(REFERENCE_SHA256))) {
            return 0;
        }
        OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
        if (!records.isEmpty()) {
            overwrite.addFile(writeDataFile(table, records));
        }
        overwrite.set(REFERENCE_SHA256, sha256).commit();
        return records.size();
    }

    private static DataFile writeDataFile(Table table, List<Record> records)
    {
        EncryptedOutputFile file = OutputFileFactory.builderFor(table, 0, 0)
                .format(FileFormat.PARQUET)
                .build()
                .newOutputFile();
        DataWriter<Record> writer = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET)
                .dataSchema(table.schema())
                .build()
                .newDataWriter(file, table.spec(), null);
        try (DataWriter<Record> closing = writer) {
            for (Record record : records) {
                closing.write(record);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write data file " + file.encryptingOutputFile().location(), e);
        }
        return writer.toDataFile();
    }

    /** SHA-256 over the defined columns (name and type) and every row's values of those columns. */
    static String sha256(Schema definition, List<Record> records)
    {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (NestedField column : definition.columns()) {
            update(digest, column.name() + " " + column.type());
        }
        for (Record record : records) {
            update(digest, "\n");
            for (NestedField column : definition.columns()) {
                Object value = record.getField(column.name());
                update(digest, value == null ? "\u0000null" : value.toString());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, so adjacent values cannot run together. */
    private static void update(MessageDigest digest, String text)
    {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
