package cn.dalian.governance.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's own script {@code infra/platform} and its settings file, for the test helpers that bring a service up. */
final class PlatformScript {
    private PlatformScript() {}

    /**
     * {@code infra/platform up SERVICE} (idempotent), output inherited. Without trino-setup: its build
     * would run inside this Maven build; tests set up what they use.
     */
    static void up(String service) throws IOException, InterruptedException {
        Path root = LocalKafka.repoRoot();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("infra/platform").toString(), "up", service).directory(root.toFile()).inheritIO();
        builder.environment().put("TRINO_SETUP", "0");
        Process up = builder.start();
        if (up.waitFor() != 0) {
            throw new IllegalStateException("infra/platform up " + service + " failed with exit code " + up.exitValue());
        }
    }

    /** A setting of infra/config/platform.env: the environment variable of that name, else its default there. */
    static String setting(String name) throws IOException {
        String fromEnv = System.getenv(name);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Path file = LocalKafka.repoRoot().resolve("infra/config/platform.env");
        Matcher matcher = Pattern.compile(Pattern.quote(name) + ":=([^}]+)}").matcher(Files.readString(file));
        if (!matcher.find()) {
            throw new IllegalStateException("no default of " + name + " in " + file);
        }
        return matcher.group(1);
    }
}
