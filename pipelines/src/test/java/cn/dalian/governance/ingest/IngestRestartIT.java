package cn.dalian.governance.ingest;

import cn.dalian.governance.job.JobSettings;
import cn.dalian.governance.job.Checkpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.iceberg.GovTables;
import cn.dalian.governance.simulator.SimulationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the ingest job abruptly (cancelled, no savepoint) while a simulation is still feeding it,
 * restarts it from its last retained checkpoint and lets it finish: not one transition is missing in
 * Iceberg or on gov.items.v1, and not one is there twice.
 */
class IngestRestartIT {
    @TempDir
    Path temp;

    @Test
    void restartFromTheLastCheckpointLosesAndDuplicatesNothing() throws Exception {
        try (IngestFixture fixture = new IngestFixture()) {
            Map<TopicPartition, Long> start = fixture.feedEndOffsets();
            Map<TopicPartition, Long> itemsStart = fixture.endOffsets(List.of(Topics.ITEMS));
            Path checkpoints = temp.resolve("checkpoints");
            JobSettings first = fixture.settings(checkpoints).startingOffsets(start).build();

            JobClient running = run(first);
            Path beforeFeed = awaitCheckpointAfter(checkpoints, Optional.empty());
            CompletableFuture<SimulationReport> simulation = CompletableFuture.supplyAsync(() -> {
                try {
                    return fixture.simulate(temp.resolve("report.json"), "--seed", "31", "--start", "2026-10-02", "--scale", "0.4",
                            "--rate", "800", "--faults", "0.002", "--duplicates", "0.01", "--late", "0.01");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // At 800 records a second the feed runs for about 18 s: stop at the first checkpoint that
            // follows curated rows, well before the simulation ends even on a loaded machine.
            while (fixture.rows(GovTables.ITEM_EVENT).isEmpty() && !simulation.isDone()) {
                Thread.sleep(500);
            }
            awaitCheckpointAfter(checkpoints, Checkpoints.latest(checkpoints));
            running.cancel().get();
            long curatedAtStop = fixture.rows(GovTables.ITEM_EVENT).size();
            assertTrue(!simulation.isDone(), "the job was stopped while records were still arriving");

            SimulationReport report = simulation.get();
            long expected = report.topic(Topics.GRID_EVENTS).valid + report.topic(Topics.HOTLINE_CASES).valid + report.topic(Topics.POLICE_RISK).valid;
            assertTrue(curatedAtStop < expected, "stopped mid-run: " + curatedAtStop + " of " + expected);
            long expectedDead = report.faults.size();

            Path restoreFrom = Checkpoints.latest(checkpoints).orElseThrow();
            JobClient restarted = run(fixture.settings(checkpoints).startingOffsets(start).restoreFrom(restoreFrom.toString()).build());
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (System.nanoTime() < deadline
                    && (fixture.rows(GovTables.ITEM_EVENT).size() < expected || fixture.rows(GovTables.DEAD_LETTER).size() < expectedDead)) {
                Thread.sleep(1000);
            }
            Thread.sleep(3000); // three more checkpoints: anything duplicated would land by now
            restarted.cancel().get();

            List<Record> events = fixture.rows(GovTables.ITEM_EVENT);
            Map<String, Integer> perEvent = new HashMap<>();
            events.forEach(row -> perEvent.merge(row.getField("source") + "/" + row.getField("event_id"), 1, Integer::sum));
            assertEquals(expected, perEvent.size(), "every transition is there");
            assertEquals(expected, events.size(), "none is there twice");
            assertEquals(expectedDead, fixture.rows(GovTables.DEAD_LETTER).size(), "dead letters");

            Map<String, Integer> onTopic = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : fixture.readCommitted(itemsStart)) {
                if (record.value().length == 0) {
                    continue; // a clock beat
                }
                var item = Conformer.ITEMS.decode(record.value());
                onTopic.merge(item.getSource() + "/" + item.getEventId(), 1, Integer::sum);
            }
            assertEquals(perEvent.keySet(), onTopic.keySet(), Topics.ITEMS + " holds every transition");
            assertTrue(onTopic.values().stream().allMatch(count -> count == 1), Topics.ITEMS + " holds each once");
        }
    }

    private static JobClient run(JobSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.flinkConfiguration());
        IngestJob.build(env, settings);
        return env.executeAsync("ingest-restart-it");
    }

    /** Waits for a completed checkpoint newer than {@code previous}. */
    private static Path awaitCheckpointAfter(Path directory, Optional<Path> previous) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> latest = Checkpoints.latest(directory);
            if (latest.isPresent() && !latest.equals(previous)) {
                return latest.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no new checkpoint under " + directory);
    }
}
