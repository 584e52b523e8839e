package cn.dalian.governance.iceberg;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * Where the Iceberg JDBC catalog (DESIGN section 2) lives: the PostgreSQL database holding the
 * catalog tables, the warehouse directory and the namespace of the curated tables. Read from the
 * properties file that {@code infra/platform up postgres} writes to
 * {@code var/catalog/iceberg-catalog.properties}; Trino's catalog file is written from the same
 * values, so both sides see the same tables.
 *
 * <p>Keys beyond the seven named here (e.g. {@code jdbc.sslmode}, which JdbcCatalog hands to the
 * JDBC driver) are passed to the catalog unchanged. {@link #toString()} shows neither the password
 * nor the values of those further keys.
 */
public final class CatalogSettings
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    public static final String CATALOG_NAME = "catalog-name";
    public static final String URI = "uri";
    public static final String JDBC_USER = "jdbc.user";
    public static final String JDBC_PASSWORD = "jdbc.password";
    public static final String JDBC_SCHEMA_VERSION = "jdbc.schema-version";
    public static final String WAREHOUSE = "warehouse";
    public static final String NAMESPACE = "namespace";

    /** System property naming the configuration file; checked first by {@link #locate()}. */
    public static final String CONFIG_PROPERTY = "gov.catalog.config";
    /** Environment variable naming the configuration file; checked second by {@link #locate()}. */
    public static final String CONFIG_ENV = "GOV_CATALOG_CONFIG";
    /** Environment variable with the repository root; the file defaults to {@value #DEFAULT_FILE} below it. */
    public static final String REPO_ROOT_ENV = "GOV_REPO_ROOT";
    public static final String DEFAULT_FILE = "var/catalog/iceberg-catalog.properties";

    /** The catalog-table layout Trino reads; JdbcCatalog creates it on initialize. */
    public static final String SCHEMA_VERSION_V1 = "V1";
    /** File IO of the Java side: Hadoop's, so {@code file://} and {@code s3a://} warehouses both work. */
    public static final String HADOOP_FILE_IO = "org.apache.iceberg.hadoop.HadoopFileIO";

    private static final List<String> KEYS = List.of(CATALOG_NAME, URI, JDBC_USER, JDBC_PASSWORD, JDBC_SCHEMA_VERSION, WAREHOUSE, NAMESPACE);
    private static final Pattern NAMESPACE_PATTERN = Pattern.compile("[a-z_][a-z0-9_]*");

    private final String catalogName;
    private final String uri;
    private final String user;
    private final String password;
    private final String schemaVersion;
    private final String warehouse;
    private final String namespace;
    private final Map<String, String> additionalProperties;

    public CatalogSettings(
            String catalogName,
            String uri,
            String user,
            String password,
            String schemaVersion,
            String warehouse,
            String namespace,
            Map<String, String> additionalProperties)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.uri = requireNonNull(uri, "uri is null");
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
        this.schemaVersion = requireNonNull(schemaVersion, "schemaVersion is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.additionalProperties = unmodifiableMap(new TreeMap<>(requireNonNull(additionalProperties, "additionalProperties is null")));
        for (String key : KEYS) {
            checkArgument(!this.additionalProperties.containsKey(key), key, "is not an additional property");
        }
        checkArgument(!catalogName.isBlank(), CATALOG_NAME, "is blank");
        checkArgument(uri.startsWith("jdbc:"), URI, "must be a JDBC URL (jdbc:postgresql://host:port/db), was '" + uri + "'");
        checkArgument(!user.isBlank(), JDBC_USER, "is blank");
        checkArgument(schemaVersion.equals(SCHEMA_VERSION_V1), JDBC_SCHEMA_VERSION,
                "must be " + SCHEMA_VERSION_V1 + " (the catalog-table layout Trino reads), was '" + schemaVersion + "'");
        String warehouseProblem = warehouseProblem(warehouse);
        checkArgument(warehouseProblem == null, WAREHOUSE, warehouseProblem);
        checkArgument(NAMESPACE_PATTERN.matcher(namespace).matches(), NAMESPACE,
                "must be lower-case letters, digits and '_' (a Trino schema name), was '" + namespace + "'");
    }

    /**
     * Reads a catalog configuration file. IllegalArgumentException naming the file and the key when
     * the file is absent, a key is missing or a value is invalid.
     */
    public static CatalogSettings load(Path propertiesFile)
    {
        requireNonNull(propertiesFile, "propertiesFile is null");
        if (!Files.isRegularFile(propertiesFile)) {
            throw new IllegalArgumentException("Iceberg catalog configuration " + propertiesFile
                    + " does not exist; run `infra/platform up postgres` to start PostgreSQL and write it");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read Iceberg catalog configuration " + propertiesFile, e);
        }
        try {
            return new CatalogSettings(
                    required(properties, CATALOG_NAME),
                    required(properties, URI),
                    required(properties, JDBC_USER),
                    requiredAllowEmpty(properties, JDBC_PASSWORD),
                    required(properties, JDBC_SCHEMA_VERSION),
                    required(properties, WAREHOUSE),
                    required(properties, NAMESPACE),
                    additional(properties));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Iceberg catalog configuration " + propertiesFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the configuration file named by system property {@value #CONFIG_PROPERTY}, else by
     * environment variable {@value #CONFIG_ENV}, else {@value #DEFAULT_FILE} under
     * {@value #REPO_ROOT_ENV} or the working directory.
     */
    public static CatalogSettings locate()
    {
        return load(locateFile(System::getProperty, System::getenv));
    }

    static Path locateFile(Function<String, String> systemProperties, Function<String, String> environment)
    {
        String origin;
        Path file;
        String fromProperty = systemProperties.apply(CONFIG_PROPERTY);
        String fromEnvironment = environment.apply(CONFIG_ENV);
        if (fromProperty != null && !fromProperty.isBlank()) {
            file = Path.of(fromProperty);
            origin = "system property " + CONFIG_PROPERTY;
        }
        else if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            file = Path.of(fromEnvironment);
            origin = "environment variable " + CONFIG_ENV;
        }
        else {
            String root = environment.apply(REPO_ROOT_ENV);
            file = Path.of(root == null || root.isBlank() ? "." : root).resolve(DEFAULT_FILE);
            origin = "default location under " + (root == null || root.isBlank() ? "the working directory" : REPO_ROOT_ENV);
        }
        file = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No Iceberg catalog configuration at " + file + " (" + origin
                    + "); run `infra/platform up postgres` to start PostgreSQL and write it, or set -D"
                    + CONFIG_PROPERTY + " or " + CONFIG_ENV + " to the file");
        }
        return file;
    }

    /** Name of the catalog in the catalog tables; Trino's {@code iceberg.jdbc-catalog.catalog-name} is the same. */
    public String catalogName()
    {
        return catalogName;
    }

    /** Namespace of the curated tables ({@code gov}; Trino schema {@code iceberg.gov}). */
    public String namespace()
    {
        return namespace;
    }

    public String uri()
    {
        return uri;
    }

    public String user()
    {
        return user;
    }

    /** Warehouse root, e.g. {@code file:///abs/dir}. */
    public String warehouse()
    {
        return warehouse;
    }

    /**
     * Properties for {@code JdbcCatalog.initialize(catalogName(), ...)}, including the password:
     * every key of the file except {@value #CATALOG_NAME} and {@value #NAMESPACE}, with
     * {@code io-impl} {@value #HADOOP_FILE_IO} unless the file names another.
     */
    public Map<String, String> catalogProperties()
    {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(URI, uri);
        properties.put(JDBC_USER, user);
        properties.put(JDBC_PASSWORD, password);
        properties.put(JDBC_SCHEMA_VERSION, schemaVersion);
        properties.put(WAREHOUSE, warehouse);
        properties.put("io-impl", HADOOP_FILE_IO);
        properties.putAll(additionalProperties);
        return unmodifiableMap(properties);
    }

    /** Same settings pointing at another namespace, e.g. a test's own. */
    public CatalogSettings withNamespace(String namespace)
    {
        return new CatalogSettings(catalogName, uri, user, password, schemaVersion, warehouse, namespace, additionalProperties);
    }

    private static Map<String, String> additional(Properties properties)
    {
        Map<String, String> additional = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                additional.put(key, properties.getProperty(key).trim());
            }
        }
        return additional;
    }

    private static String required(Properties properties, String key)
    {
        String value = requiredAllowEmpty(properties, key);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("key '" + key + "' is empty");
        }
        return value;
    }

    private static String requiredAllowEmpty(Properties properties, String key)
    {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return value.trim();
    }

    private static void checkArgument(boolean condition, String key, String problem)
    {
        if (!condition) {
            throw new IllegalArgumentException("key '" + key + "' " + problem);
        }
    }

    /** Null when the warehouse is usable by both Java and Trino, else why not (DESIGN section 2). */
    private static String warehouseProblem(String warehouse)
    {
        URI parsed;
        try {
            parsed = new URI(warehouse);
        }
        catch (URISyntaxException e) {
            return "is not a URI: '" + warehouse + "'";
        }
        if (parsed.getScheme() == null) {
            return "must have a scheme, e.g. file:///abs/dir or s3a://bucket/path (a scheme-less path breaks Trino), was '" + warehouse + "'";
        }
        if (parsed.getScheme().equals("file") && !warehouse.startsWith("file:///")) {
            return "must be file:///<absolute dir> for a local warehouse, was '" + warehouse + "'";
        }
        if (parsed.getScheme().equals("local")) {
            return "must not use local:// (it breaks the Java side); use file:///<absolute dir>";
        }
        return null;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        CatalogSettings that = (CatalogSettings) o;
        return catalogName.equals(that.catalogName) &&
                uri.equals(that.uri) &&
                user.equals(that.user) &&
                password.equals(that.password) &&
                schemaVersion.equals(that.schemaVersion) &&
                warehouse.equals(that.warehouse) &&
                namespace.equals(that.namespace) &&
                additionalProperties.equals(that.additionalProperties);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(catalogName, uri, user, password, schemaVersion, warehouse, namespace, additionalProperties);
    }

    @Override
    public String toString()
    {
        return "CatalogSettings{catalogName=" + catalogName +
                ", uri=" + uri +
                ", user=" + user +
                ", schemaVersion=" + schemaVersion +
                ", warehouse=" + warehouse +
                ", namespace=" + namespace +
                ", additionalKeys=" + additionalProperties.keySet() +
                "}";
    }
}
