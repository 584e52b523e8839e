package cn.dalian.governance.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command of the platform CLI ({@code PlatformCli ARGS...}: a job on its own Flink MiniCluster) in a JVM
 * of its own, as {@code infra/platform up} runs it, so that a test can kill it as an operator's
 * {@code kill -9} would: no shutdown hook, no final checkpoint, no flush. Its output goes to a log file.
 */
public final class JobProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private JobProcess(String name, Process process, Path log) {
        this.name = requireNonNull(name, "name is null");
        this.process = requireNonNull(process, "process is null");
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * Starts {@code PlatformCli args...} with this JVM's class path and module options (the
     * {@code --add-opens} Flink needs), appending its output to {@code log}.
     */
    public static JobProcess start(String name, Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx1g");
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens") || option.startsWith("--add-exports")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("cn.dalian.governance.cli.PlatformCli");
        command.addAll(args);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        System.out.printf("%s: started pid %d (%s), log %s%n", name, process.pid(), String.join(" ", args), log);
        return new JobProcess(name, process, log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: SIGKILL, then waits until the process is gone. */
    public void kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " failed");
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived kill -9");
        }
        System.out.printf("%s: killed with kill -9 (pid %d, exit %d)%n", name, process.pid(), process.exitValue());
    }

    /** Fails with the end of the log when the process has exited. */
    public void assertAlive() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; end of " + log + ":\n" + tail(40));
        }
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Stops it (SIGTERM, then SIGKILL after a grace period) unless it has exited. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
