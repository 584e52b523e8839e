package cn.dalian.governance.cli;

import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job command's job to its end. On the in-process MiniCluster ({@code infra/platform up}), a SIGTERM
 * ({@code infra/platform down}) stops the job with a savepoint before the JVM exits, into
 * {@code <checkpoint dir>/savepoints}, where {@code --resume} finds it as the latest state: the savepoint
 * commits the job's open Kafka transactions and Iceberg files. Without it, a transaction left open would hide
 * every later record of its topic from read_committed readers until the broker timed it out (15 min; a
 * cancel does not abort it). Under {@code flink run} the job belongs to the cluster and is left alone.
 */
final class LocalJobRun {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRun.class);
    private static final long STOP_TIMEOUT_SECONDS = 20;

    private LocalJobRun() {}

    static void run(StreamExecutionEnvironment env, String name, String checkpointDirectory) throws Exception {
        if (!(env instanceof LocalStreamEnvironment)) {
            env.execute(name);
            return;
        }
        JobClient job = env.executeAsync(name);
        Thread stop = new Thread(() -> stop(job, name, checkpointDirectory + "/savepoints"), name + "-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            job.getJobExecutionResult().get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down: the hook is running
            }
        }
    }

    private static void stop(JobClient job, String name, String savepoints) {
        LOG.info("{}: stopping with a savepoint under {}", name, savepoints);
        try {
            String savepoint = job.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("{}: stopped; savepoint {}", name, savepoint);
        } catch (Exception e) {
            LOG.warn("{}: no savepoint before exit ({}); the next --resume starts from the latest checkpoint", name, e.toString());
        }
    }
}
