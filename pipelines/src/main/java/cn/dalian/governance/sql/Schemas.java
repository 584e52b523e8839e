package cn.dalian.governance.sql;

import static java.util.Objects.requireNonNull;

/**
 * The Trino schemas (Iceberg namespaces) of catalog {@code iceberg} the SQL files name: {@code gov}
 * (curated tables), {@code analytics} (analysts' views) and {@code publication} (public views). A test
 * renames them to schemas of its own, so its views read its own tables.
 */
public record Schemas(String gov, String analytics, String publication) {
    public static final Schemas PLATFORM = new Schemas("gov", "analytics", "publication");

    public Schemas {
        requireNonNull(gov, "gov");
        requireNonNull(analytics, "analytics");
        requireNonNull(publication, "publication");
    }

    /** A test's schemas: {@code namespace} for the tables, {@code analytics_<suffix>} and {@code publication_<suffix>} for the views. */
    public static Schemas of(String namespace, String suffix) {
        return new Schemas(namespace, "analytics_" + suffix, "publication_" + suffix);
    }

    /** {@code sql} with {@code iceberg.gov.}, {@code iceberg.analytics.} and {@code iceberg.publication.} renamed. */
    public String apply(String sql) {
        if (equals(PLATFORM)) {
            return sql;
        }
        return sql.replace("iceberg.gov.", "iceberg." + gov + ".")
                .replace("iceberg.analytics.", "iceberg." + analytics + ".")
                .replace("iceberg.publication.", "iceberg." + publication + ".");
    }
}
