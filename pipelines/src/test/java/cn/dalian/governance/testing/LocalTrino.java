package cn.dalian.governance.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real local Trino server for integration tests. {@code infra/platform test} starts it and passes
 * {@code -Dgov.trino.url}; a test run without it (plain {@code mvn verify}) starts it with the
 * project's own script, {@code infra/platform up trino}, which is idempotent.
 */
public final class LocalTrino {
    private static String url;

    private LocalTrino() {}

    /** http://host:port of the server. */
    public static synchronized String url() throws IOException, InterruptedException {
        if (url != null) {
            return url;
        }
        String given = System.getProperty("gov.trino.url");
        if (given != null && !given.isBlank()) {
            url = given;
            return url;
        }
        Path root = LocalKafka.repoRoot();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("infra/platform").toString(), "up", "trino").directory(root.toFile()).inheritIO();
        builder.environment().put("TRINO_SETUP", "0"); // its build would run inside this Maven build; tests set up what they use
        Process up = builder.start();
        if (up.waitFor() != 0) {
            throw new IllegalStateException("infra/platform up trino failed with exit code " + up.exitValue());
        }
        Matcher matcher = Pattern.compile("TRINO_PORT:=(\\d+)").matcher(Files.readString(root.resolve("infra/config/platform.env")));
        String port = System.getenv("TRINO_PORT") != null ? System.getenv("TRINO_PORT") : matcher.find() ? matcher.group(1) : "18080";
        url = "http://127.0.0.1:" + port;
        return url;
    }
}
