package cn.dalian.governance.iceberg;

import java.util.Map;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The Iceberg JDBC catalog with the PostgreSQL driver loaded by the catalog's own class loader.
 * Under {@code flink run} the driver sits in the job's user-code class loader, which
 * {@link java.sql.DriverManager} never scans; loading the driver class registers it, so that the
 * sinks' committers can connect. In-process runs do not need this, but it does no harm there.
 */
public final class PostgresJdbcCatalog extends JdbcCatalog {
    private static final String DRIVER = "org.postgresql.Driver";

    @Override
    public void initialize(String name, Map<String, String> properties) {
        try {
            Class.forName(DRIVER, true, PostgresJdbcCatalog.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the PostgreSQL JDBC driver " + DRIVER + " is not on the classpath", e);
        }
        super.initialize(name, properties);
    }
}
