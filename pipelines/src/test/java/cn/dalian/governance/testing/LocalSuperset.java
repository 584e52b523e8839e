package cn.dalian.governance.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real local Superset for integration tests. {@code infra/platform test} starts it and passes
 * {@code -Dgov.superset.url} and {@code -Dgov.superset.secrets} (the directory of the generated
 * passwords); a test run without them (plain {@code mvn verify}) starts it with the project's own
 * script, {@code infra/platform up superset}, which is idempotent.
 */
public final class LocalSuperset {
    private static String url;

    private LocalSuperset() {}

    /** http://host:port of Superset. */
    public static synchronized String url() throws IOException, InterruptedException {
        if (url != null) {
            return url;
        }
        String given = System.getProperty("gov.superset.url");
        if (given != null && !given.isBlank()) {
            url = given;
            return url;
        }
        PlatformScript.up("superset");
        url = "http://127.0.0.1:" + PlatformScript.setting("SUPERSET_PORT");
        return url;
    }

    /** The generated password of a Superset user (admin, leader), from its file under var/secrets/. */
    public static String password(String user) throws IOException {
        String dir = System.getProperty("gov.superset.secrets");
        Path secrets = dir != null && !dir.isBlank() ? Path.of(dir) : LocalKafka.repoRoot().resolve("var/secrets");
        Path file = secrets.resolve("superset-" + user + "-password");
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no password file " + file + " for Superset user " + user + " (written by infra/platform up superset)");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** The chromedriver of Debian's chromium-driver, installed by {@code infra/platform browser} when missing. */
    public static synchronized Path chromedriver() throws IOException, InterruptedException {
        Path root = LocalKafka.repoRoot();
        Path driver = Path.of(PlatformScript.setting("CHROMEDRIVER"));
        if (!Files.isExecutable(driver)) {
            Process install = new ProcessBuilder(root.resolve("infra/platform").toString(), "browser").directory(root.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (install.waitFor() != 0 || !Files.isExecutable(driver)) {
                throw new IllegalStateException("infra/platform browser failed (exit code " + install.exitValue() + "): no " + driver);
            }
        }
        return driver;
    }
}
