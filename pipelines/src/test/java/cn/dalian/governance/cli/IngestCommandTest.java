package cn.dalian.governance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
    @Test
    void refusesToStartWithoutAPiiKeyOutsideDevMode(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(System.getenv(IngestCommand.PII_KEY_ENV) == null, "a PII key is set in this environment");
        Path catalog = dir.resolve("catalog.properties");
        Files.writeString(catalog, String.join("\n", "catalog-name=dalian", "uri=jdbc:postgresql://127.0.0.1:1/none",
                "jdbc.user=gov", "jdbc.password=x", "jdbc.schema-version=V1", "warehouse=file:///tmp/none", "namespace=gov", ""));
        String err = stderrOf("ingest", "--bootstrap", "127.0.0.1:1", "--catalog-config", catalog.toString());
        assertTrue(err.contains("no PII key"), err);
        assertTrue(err.contains("GOV_PII_KEY"), "says how to configure one: " + err);
    }

    @Test
    void refusesAKeyShorterThan16Bytes(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "short");
        Path catalog = dir.resolve("catalog.properties");
        Files.writeString(catalog, String.join("\n", "catalog-name=dalian", "uri=jdbc:postgresql://127.0.0.1:1/none",
                "jdbc.user=gov", "jdbc.password=x", "jdbc.schema-version=V1", "warehouse=file:///tmp/none", "namespace=gov", ""));
        String err = stderrOf("ingest", "--bootstrap", "127.0.0.1:1", "--catalog-config", catalog.toString(), "--pii-key-file", key.toString());
        assertTrue(err.contains("at least 16 bytes"), err);
    }

    private static String stderrOf(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, PlatformCli.execute(args), "a usage error");
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
