package cn.dalian.governance.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) for browser checks. {@code infra/platform test} installs it and
 * passes {@code -Dgov.chromium}; a run without it installs the package with the project's own function
 * ({@code chromium_install} of infra/lib/chromium.sh) when {@code /usr/bin/chromium} is missing. Never skipped.
 */
public final class LocalChromium {
    private static final String DEFAULT = "/usr/bin/chromium";
    private static Path binary;

    private LocalChromium() {}

    public static synchronized Path binary() throws IOException, InterruptedException {
        if (binary != null) {
            return binary;
        }
        Path chosen = Path.of(System.getProperty("gov.chromium", DEFAULT));
        if (!Files.isExecutable(chosen)) {
            Path root = LocalKafka.repoRoot();
            ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                    "set -euo pipefail; REPO_ROOT=$PWD; source infra/lib/common.sh; load_config; CHROMIUM_BIN=" + chosen
                            + "; source infra/lib/chromium.sh; chromium_install").directory(root.toFile()).inheritIO();
            Process install = builder.start();
            if (install.waitFor() != 0 || !Files.isExecutable(chosen)) {
                throw new IllegalStateException("no Chromium at " + chosen + " and chromium_install (infra/lib/chromium.sh) failed with exit code "
                        + install.exitValue());
            }
        }
        binary = chosen;
        return binary;
    }

    /**
     * Runs Chromium headless on {@code url} with the flags that keep it off the network and the GPU, plus
     * {@code arguments} (e.g. --dump-dom, --screenshot=FILE); returns its standard output. Fails after 90 s or
     * on a non-zero exit.
     */
    public static String run(Path profile, String url, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        command.add(url);
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 90 s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
