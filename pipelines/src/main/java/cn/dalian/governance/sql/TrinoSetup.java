package cn.dalian.governance.sql;

import cn.dalian.governance.evaluation.EvaluationConfig;
import cn.dalian.governance.iceberg.CatalogSettings;
import cn.dalian.governance.iceberg.DimensionTables;
import cn.dalian.governance.iceberg.GovCatalog;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.publication.PublicationQueries;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Prepares what analysts query: the curated tables (created from {@link GovTables}, the one definition
 * of each table, exactly as the Flink jobs create them; the dimension tables loaded), then through
 * Trino the schemas analytics and publication and every view of {@code sql/analytics} and
 * {@code sql/publication}, replaced on each run. Idempotent.
 */
public final class TrinoSetup {
    private TrinoSetup() {}

    /** Returns the views created or replaced, as schema.view. */
    public static List<String> apply(CatalogSettings catalogSettings, String trinoUrl, Path sqlDirectory, Schemas schemas, PrintStream log)
            throws Exception {
        try (JdbcCatalog catalog = GovCatalog.open(catalogSettings)) {
            GovTables.ensureAll(catalog, schemas.gov());
            long rows = DimensionTables.refresh(catalog, schemas.gov(), AreaRegistry.loadDefault(), MatterCatalogue.loadDefault());
            log.printf("tables: the %d tables of schema %s are there (dimension rows written: %d)%n", GovTables.ALL.size(), schemas.gov(), rows);
        }
        List<String> views = new ArrayList<>();
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            for (String schema : List.of(schemas.analytics(), schemas.publication())) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS iceberg." + schema);
            }
            Map<String, String> values = PublicationQueries.viewValues(EvaluationConfig.loadDefault());
            views.addAll(createViews(statement, sqlDirectory.resolve("analytics"), schemas.analytics(), schemas, values, log));
            views.addAll(createViews(statement, sqlDirectory.resolve("publication"), schemas.publication(), schemas, values, log));
        }
        return views;
    }

    /**
     * Undoes {@link #apply} for a namespace of its own (a benchmark, a test): drops every view of its analytics
     * and publication schemas, those schemas, then the namespace's tables with their files and the namespace.
     */
    public static void remove(CatalogSettings catalogSettings, String trinoUrl, Schemas schemas) throws Exception {
        if (schemas.gov().equals(Schemas.PLATFORM.gov()) || schemas.analytics().equals(Schemas.PLATFORM.analytics())
                || schemas.publication().equals(Schemas.PLATFORM.publication())) {
            throw new IllegalArgumentException("refusing to remove the platform's own schemas: " + schemas);
        }
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            for (String schema : List.of(schemas.analytics(), schemas.publication())) {
                List<String> views = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT table_name FROM iceberg.information_schema.views WHERE table_schema = '" + schema + "'")) {
                    while (rows.next()) {
                        views.add(rows.getString(1));
                    }
                }
                for (String view : views) {
                    statement.execute("DROP VIEW IF EXISTS iceberg." + schema + "." + view);
                }
                statement.execute("DROP SCHEMA IF EXISTS iceberg." + schema);
            }
        }
        try (JdbcCatalog catalog = GovCatalog.open(catalogSettings)) {
            GovCatalog.dropNamespace(catalog, schemas.gov());
        }
    }

    /**
     * Every view file of {@code directory}; {@code values} fill the placeholders of the publication views (no
     * snapshot pinned, the minimum count of the evaluation parameters).
     */
    private static List<String> createViews(Statement statement, Path directory, String schema, Schemas schemas, Map<String, String> values, PrintStream log)
            throws SQLException {
        List<String> views = new ArrayList<>();
        for (SqlScript script : SqlScript.readAll(directory)) {
            for (String sql : script.statements(values, schemas)) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(script.file() + ": " + e.getMessage(), e);
                }
            }
            views.add(schema + "." + script.name());
            log.printf("view %s.%s (%s)%n", schema, script.name(), script.file());
        }
        return views;
    }
}
