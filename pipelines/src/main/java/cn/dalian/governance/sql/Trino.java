package cn.dalian.governance.sql;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections to the platform's Trino server through the Trino JDBC driver, as a named user. */
public final class Trino {
    /** The platform's own user (group admin in sql/access/groups.txt): creates schemas and views, runs maintenance. */
    public static final String PLATFORM_USER = "platform";

    private Trino() {}

    /** A connection to catalog {@code iceberg} of the server at {@code serverUrl} (http://host:port) as {@code user}. */
    public static Connection connect(String serverUrl, String user) throws SQLException {
        URI uri = URI.create(serverUrl);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("Trino server URL must be http://host:port, got " + serverUrl);
        }
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection("jdbc:trino://" + uri.getHost() + ":" + uri.getPort() + "/iceberg", properties);
    }
}
