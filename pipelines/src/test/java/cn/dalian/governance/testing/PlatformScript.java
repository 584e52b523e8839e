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

    /** {@code infra/platform down SERVICE}, output inherited. */
    static void down(String service) throws IOException, InterruptedException {
        Path root = LocalKafka.repoRoot();
        Process down = new ProcessBuilder(root.resolve("infra/platform").toString(), "down", service).directory(root.toFile()).inheritIO().start();
        if (down.waitFor() != 0) {
            throw new IllegalStateException("infra/platform down " + service + " failed with exit code " + down.exitValue());
        }
    }

    /** Whether {@code infra/platform status} reports SERVICE running. */
    static boolean running(String service) throws IOException, InterruptedException {
        Path root = LocalKafka.repoRoot();
        Process status = new ProcessBuilder(root.resolve("infra/platform").toString(), "status").directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(status.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (status.waitFor() != 0) {
            throw new IllegalStateException("infra/platform status failed with exit code " + status.exitValue());
        }
        return Pattern.compile("(?m)^" + Pattern.quote(service) + "\\s+running\\s").matcher(out).find();
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
