package cn.dalian.governance.job;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.sink.IcebergSink;

/**
 * The Iceberg sinks every job of the platform uses: Iceberg's Sink V2 ({@link IcebergSink}), whose
 * committables have serializers of their own (the older {@code FlinkSink} passes its write results
 * as a Kryo generic type, which the jobs forbid). Files are committed at every checkpoint, exactly once.
 */
public final class IcebergParts {
    private IcebergParts() {}

    /** Appends {@code rows} to {@code table} of the settings' namespace, written with {@code writeParallelism} writers. */
    public static void append(DataStream<RowData> rows, JobSettings settings, String table, int writeParallelism) {
        builder(rows, settings, table, writeParallelism).append();
    }

    /**
     * Appends {@code rows} like {@link #append(DataStream, JobSettings, String, int)}, with Iceberg Flink write options
     * (e.g. {@code write-format}) that override the table's properties for this sink only.
     */
    public static void append(DataStream<RowData> rows, JobSettings settings, String table, int writeParallelism, Map<String, String> writeOptions) {
        builder(rows, settings, table, writeParallelism).setAll(Map.copyOf(writeOptions)).append();
    }

    /** Upserts {@code rows} into {@code table}: one row per value of {@code keyColumns} (equality deletes). */
    public static void upsert(DataStream<RowData> rows, JobSettings settings, String table, List<String> keyColumns, int writeParallelism) {
        builder(rows, settings, table, writeParallelism).upsert(true).equalityFieldColumns(List.copyOf(keyColumns)).append();
    }

    private static IcebergSink.Builder builder(DataStream<RowData> rows, JobSettings settings, String table, int writeParallelism) {
        requireNonNull(rows, "rows is null");
        requireNonNull(table, "table is null");
        return IcebergSink.forRowData(rows)
                .tableLoader(GovCatalog.tableLoader(settings.catalog(), GovTables.id(settings.namespace(), table)))
                .writeParallelism(writeParallelism)
                .uidSuffix("iceberg-" + table.replace('_', '-'));
    }
}
