package cn.dalian.governance.iceberg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogSettingsTest
{
    private static final Map<String, String> VALID = validProperties();

    @TempDir
    Path directory;

    private static Map<String, String> validProperties()
    {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("catalog-name", "gov_catalog");
        properties.put("uri", "jdbc:postgresql://127.0.0.1:15432/gov_catalog");
        properties.put("jdbc.user", "gov");
        properties.put("jdbc.password", "s3cret-Pa55");
        properties.put("jdbc.schema-version", "V1");
        properties.put("warehouse", "file:///srv/gov/warehouse");
        properties.put("namespace", "gov");
        return properties;
    }

    @Test
    void loadsEveryKeyAndGivesJdbcCatalogItsPropertiesWithHadoopFileIo()
            throws IOException
    {
        CatalogSettings settings = CatalogSettings.load(write("iceberg-catalog.properties", VALID));

        assertEquals("gov_catalog", settings.catalogName());
        assertEquals("gov", settings.namespace());
        assertEquals(Map.of(
                        "uri", "jdbc:postgresql://127.0.0.1:15432/gov_catalog",
                        "jdbc.user", "gov",
                        "jdbc.password", "s3cret-Pa55",
                        "jdbc.schema-version", "V1",
                        "warehouse", "file:///srv/gov/warehouse",
                        "io-impl", "org.apache.iceberg.hadoop.HadoopFileIO"),
                settings.catalogProperties());
    }

    @Test
    void catalogSettingsRejectsMissingKeyNamingFileAndKey()
            throws IOException
    {
        for (String key : VALID.keySet()) {
            Map<String, String> properties = new LinkedHashMap<>(VALID);
            properties.remove(key);
            Path file = write("without-" + key + ".properties", properties);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogSettings.load(file));

            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("missing key '" + key + "'"), e.getMessage());
        }
    }

    @Test
    void rejectsBadValuesNamingTheKey()
            throws IOException
    {
        Map<String, String> bad = Map.of(
                "uri", "postgresql://127.0.0.1/gov_catalog",
                "jdbc.schema-version", "V0",
                "warehouse", "/srv/gov/warehouse",
                "namespace", "Gov-Data",
                "catalog-name", "  ");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            Map<String, String> properties = new LinkedHashMap<>(VALID);
            properties.put(entry.getKey(), entry.getValue());
            Path file = write("bad.properties", properties);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogSettings.load(file));

            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("'" + entry.getKey() + "'"), e.getMessage());
        }
    }

    @Test
    void rejectsWarehouseThatTrinoOrJavaCannotUse()
    {
        for (String warehouse : new String[] {"/abs/dir", "file:/abs/dir", "file://host/dir", "local:///abs/dir"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new CatalogSettings("c", "jdbc:postgresql://h/db", "u", "p", "V1", warehouse, "gov", Map.of()), warehouse);
        }
        new CatalogSettings("c", "jdbc:postgresql://h/db", "u", "p", "V1", "s3a://bucket/warehouse", "gov", Map.of());
    }

    @Test
    void passesFurtherKeysOfTheFileToTheCatalogWithoutShowingTheirValues()
            throws IOException
    {
        Map<String, String> properties = new LinkedHashMap<>(VALID);
        properties.put("jdbc.sslmode", "require");
        properties.put("jdbc.init-catalog-tables", "true");

        CatalogSettings settings = CatalogSettings.load(write("extra.properties", properties));

        assertEquals("require", settings.catalogProperties().get("jdbc.sslmode"));
        assertEquals("true", settings.catalogProperties().get("jdbc.init-catalog-tables"));
        assertFalse(settings.catalogProperties().containsKey("namespace"));
        assertFalse(settings.catalogProperties().containsKey("catalog-name"));
        assertTrue(settings.toString().contains("jdbc.sslmode") && !settings.toString().contains("require"), settings.toString());
    }

    @Test
    void allowsAnEmptyPassword()
            throws IOException
    {
        Map<String, String> properties = new LinkedHashMap<>(VALID);
        properties.put("jdbc.password", "");

        assertEquals("", CatalogSettings.load(write("trust.properties", properties)).catalogProperties().get("jdbc.password"));
    }

    @Test
    void toStringNeverShowsThePassword()
            throws IOException
    {
        CatalogSettings settings = CatalogSettings.load(write("iceberg-catalog.properties", VALID));

        assertFalse(settings.toString().contains("s3cret-Pa55"), settings.toString());
        assertTrue(settings.toString().contains("jdbc:postgresql://127.0.0.1:15432/gov_catalog"), settings.toString());
    }

    @Test
    void isSerializableAndComparedByValue()
            throws IOException
    {
        CatalogSettings settings = CatalogSettings.load(write("iceberg-catalog.properties", VALID));
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(settings);
        }

        assertEquals(settings, CatalogSettings.load(write("copy.properties", VALID)));
        assertEquals(settings.withNamespace("gov_test_1").namespace(), "gov_test_1");
        assertFalse(settings.equals(settings.withNamespace("gov_test_1")));
    }

    @Test
    void missingFileMessageSaysToRunPlatformUpPostgres()
    {
        Path absent = directory.resolve("absent.properties");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogSettings.load(absent));

        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("infra/platform up postgres"), e.getMessage());
    }

    @Test
    void locatePrefersSystemPropertyThenEnvironmentThenRepositoryRoot()
            throws IOException
    {
        Path fromProperty = write("property.properties", VALID);
        Path fromEnvironment = write("environment.properties", VALID);
        Path root = directory.resolve("repo");
        Path fromRoot = root.resolve("var/catalog/iceberg-catalog.properties");
        Files.createDirectories(fromRoot.getParent());
        Files.copy(fromProperty, fromRoot);
        Map<String, String> environment = Map.of("GOV_CATALOG_CONFIG", fromEnvironment.toString(), "GOV_REPO_ROOT", root.toString());

        assertEquals(fromProperty, CatalogSettings.locateFile(Map.of("gov.catalog.config", fromProperty.toString())::get, environment::get));
        assertEquals(fromEnvironment, CatalogSettings.locateFile(Map.<String, String>of()::get, environment::get));
        assertEquals(fromRoot, CatalogSettings.locateFile(Map.<String, String>of()::get, Map.of("GOV_REPO_ROOT", root.toString())::get));
    }

    @Test
    void locateSaysToRunPlatformUpPostgresWhenTheFileIsAbsent()
    {
        Path root = directory.resolve("empty-repo");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CatalogSettings.locateFile(Map.<String, String>of()::get, Map.of("GOV_REPO_ROOT", root.toString())::get));

        assertTrue(e.getMessage().contains(root.resolve("var/catalog/iceberg-catalog.properties").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("infra/platform up postgres"), e.getMessage());
    }

    private Path write(String name, Map<String, String> properties)
            throws IOException
    {
        StringBuilder text = new StringBuilder("# written by CatalogSettingsTest\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    }
}
