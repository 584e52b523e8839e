package cn.dalian.governance.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.Satisfaction;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.avro.VerificationResult;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.lifecycle.GridLifecycle;
import cn.dalian.governance.reference.MatterCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator through its CLI, writing files: determinism, report accuracy, faults, lifecycles. */
class SimulatorTest {
    private static final String[] FAULTY_DAY = {"--days", "1", "--scale", "0.3", "--faults", "0.003", "--duplicates", "0.01", "--late", "0.02"};

    @TempDir
    static Path temp;
    private static Path first;
    private static SimulationReport firstReport;

    @BeforeAll
    static void simulateOnce() throws IOException {
        first = temp.resolve("first");
        assertEquals(0, simulate(first, "--seed", "7", FAULTY_DAY));
        firstReport = SimulationReport.read(first.resolve("report.json"));
    }

    private static int simulate(Path out, String seedFlag, String seed, String... more) {
        List<String> args = new ArrayList<>(List.of("simulate", "--to", "files", "--out", out.toString(), seedFlag, seed));
        args.addAll(List.of(more));
        return PlatformCli.execute(args.toArray(new String[0]));
    }

    @Test
    void sameSeedGivesIdenticalFiles() throws IOException {
        Path second = temp.resolve("second");
        assertEquals(0, simulate(second, "--seed", "7", FAULTY_DAY));
        Map<String, byte[]> a = contents(first);
        Map<String, byte[]> b = contents(second);
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.containsKey("report.json"));
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name + " differs between two runs with one seed");
        }
    }

    @Test
    void differentSeedGivesDifferentRecords() throws IOException {
        Path other = temp.resolve("other");
        assertEquals(0, simulate(other, "--seed", "8", FAULTY_DAY));
        for (String topic : Topics.FEEDS) {
            String file = topic + FileRecordSink.SUFFIX;
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(other.resolve(file))), file);
        }
    }

    @Test
    void itemsTakeTheSideRoadsOfTheirLifecyclesAndSomeRunOverdue() throws Exception {
        // Reopening comes days after closing, and mass gatherings are rare: two weeks of a small city.
        Path week = temp.resolve("fortnight");
        assertEquals(0, simulate(week, "--seed", "11", "--days", "14", "--scale", "0.1"));
        java.util.Set<GridState> gridStates = java.util.EnumSet.noneOf(GridState.class);
        java.util.Set<VerificationResult> verifications = java.util.EnumSet.noneOf(VerificationResult.class);
        for (FileRecordSink.StoredRecord stored : FileRecordSink.read(week.resolve(Topics.GRID_EVENTS + FileRecordSink.SUFFIX))) {
            GridEvent event = FeedCodecs.GRID.decode(stored.value());
            gridStates.add(event.getState());
            if (event.getVerification() != null) {
                verifications.add(event.getVerification());
            }
        }
        assertEquals(java.util.EnumSet.allOf(GridState.class), gridStates, "grid states reached");
        assertEquals(java.util.EnumSet.allOf(VerificationResult.class), verifications, "verification passed and failed");

        MatterCatalogue matters = MatterCatalogue.loadDefault();
        java.util.Set<HotlineState> hotlineStates = java.util.EnumSet.noneOf(HotlineState.class);
        java.util.Set<Satisfaction> ratings = java.util.EnumSet.noneOf(Satisfaction.class);
        int replied = 0;
        int overdue = 0;
        for (FileRecordSink.StoredRecord stored : FileRecordSink.read(week.resolve(Topics.HOTLINE_CASES + FileRecordSink.SUFFIX))) {
            HotlineCase hotline = FeedCodecs.HOTLINE.decode(stored.value());
            hotlineStates.add(hotline.getState());
            if (hotline.getSatisfaction() != null) {
                ratings.add(hotline.getSatisfaction());
            }
            if (hotline.getState() == HotlineState.REPLIED) {
                replied++;
                Duration sla = matters.inForce(hotline.getMatterCode(), hotline.getReceivedAt()).orElseThrow().resolveWithin(hotline.getUrgency());
                overdue += Duration.between(hotline.getReceivedAt(), hotline.getOccurredAt()).compareTo(sla) > 0 ? 1 : 0;
            }
        }
        assertEquals(java.util.EnumSet.allOf(HotlineState.class), hotlineStates, "hotline states reached");
        assertEquals(java.util.EnumSet.allOf(Satisfaction.class), ratings, "satisfaction ratings given");
        assertTrue(overdue > 0 && overdue < replied / 4, overdue + " of " + replied + " replies after the deadline");

        java.util.Set<Integer> levels = new java.util.TreeSet<>();
        java.util.Set<SignalType> types = java.util.EnumSet.noneOf(SignalType.class);
        for (FileRecordSink.StoredRecord stored : FileRecordSink.read(week.resolve(Topics.POLICE_RISK + FileRecordSink.SUFFIX))) {
            PoliceRiskSignal signal = FeedCodecs.POLICE.decode(stored.value());
            levels.add(signal.getRiskLevel());
            types.add(signal.getSignalType());
        }
        assertEquals(java.util.Set.of(1, 2, 3, 4), levels, "police risk levels");
        assertEquals(java.util.EnumSet.allOf(SignalType.class), types, "police signal types");
    }

    @Test
    void filesHoldExactlyWhatTheReportSays() throws IOException {
        List<ReadBack.Read> records = new ArrayList<>();
        for (String topic : Topics.FEEDS) {
            for (FileRecordSink.StoredRecord stored : FileRecordSink.read(first.resolve(topic + FileRecordSink.SUFFIX))) {
                records.add(new ReadBack.Read(topic, stored.key(), stored.value()));
            }
        }
        ReadBack.assertMatchesReport(records, firstReport);
    }

    @Test
    void everyFaultKindAndEveryFeedIsPresent() {
        for (FaultKind kind : FaultKind.values()) {
            assertTrue(firstReport.faults.stream().anyMatch(fault -> fault.kind() == kind), "no " + kind + " fault injected");
        }
        for (String topic : Topics.FEEDS) {
            SimulationReport.TopicCounts counts = firstReport.topic(topic);
            assertTrue(counts.valid > 0, "no valid records on " + topic);
            assertTrue(counts.faults > 0, "no faults on " + topic);
        }
        assertTrue(firstReport.topic(Topics.GRID_EVENTS).duplicates > 0, "no duplicates");
        assertTrue(firstReport.topic(Topics.GRID_EVENTS).late > 0, "no late records");
    }

    @Test
    void validGridTransitionsFollowTheLifecycleInSendOrder() throws Exception {
        Map<String, GridState> state = new HashMap<>();
        Map<String, java.time.Instant> lastOccurred = new HashMap<>();
        java.util.Set<String> faultShas = new java.util.HashSet<>();
        firstReport.faults.forEach(fault -> faultShas.add(fault.sha256()));
        java.util.Set<String> seen = new java.util.HashSet<>();
        int checked = 0;
        for (FileRecordSink.StoredRecord stored : FileRecordSink.read(first.resolve(Topics.GRID_EVENTS + FileRecordSink.SUFFIX))) {
            String sha = SimulationReport.sha256(stored.value());
            if (faultShas.contains(sha) || !seen.add(sha)) {
                continue;
            }
            GridEvent event = FeedCodecs.GRID.decode(stored.value());
            GridState previous = state.put(event.getItemId(), event.getState());
            assertTrue(GridLifecycle.allows(previous, event.getState()), event.getItemId() + ": " + previous + " -> " + event.getState());
            java.time.Instant before = lastOccurred.put(event.getItemId(), event.getOccurredAt());
            assertTrue(before == null || !event.getOccurredAt().isBefore(before), "event time goes back within " + event.getItemId());
            assertFalse(stored.sentAt().isBefore(event.getOccurredAt()), "sent before it happened");
            checked++;
        }
        assertTrue(checked > 1000, "checked " + checked + " transitions");
    }

    @Test
    void volumeFollowsTheDailyCycle() throws IOException {
        long[] byHour = new long[24];
        for (FileRecordSink.StoredRecord stored : FileRecordSink.read(first.resolve(Topics.HOTLINE_CASES + FileRecordSink.SUFFIX))) {
            byHour[stored.sentAt().atZone(SimulationConfig.CITY_ZONE).getHour()]++;
        }
        assertTrue(byHour[10] > 3 * byHour[3], "10:00 busier than 03:00: " + java.util.Arrays.toString(byHour));
    }

    @Test
    void wrongArgumentsExitWithUsageError() {
        assertEquals(2, PlatformCli.execute("simulate", "--days", "0"));
        assertEquals(2, PlatformCli.execute("simulate", "--fault", "NOT_A_KIND=0.1"));
        assertEquals(2, PlatformCli.execute("simulate", "--to", "kafka"));
        assertEquals(2, PlatformCli.execute("simulate", "--faults", "0.9"));
        assertEquals(2, PlatformCli.execute("simulate", "--rate", "10", "--speedup", "10"));
        assertEquals(2, PlatformCli.execute("no-such-command"));
    }

    @Test
    void lateItemsArriveHoursAfterTheyHappen() throws Exception {
        Duration maxDelay = Duration.ZERO;
        for (FileRecordSink.StoredRecord stored : FileRecordSink.read(first.resolve(Topics.POLICE_RISK + FileRecordSink.SUFFIX))) {
            try {
                Duration delay = Duration.between(FeedCodecs.POLICE.decode(stored.value()).getOccurredAt(), stored.sentAt());
                maxDelay = delay.compareTo(maxDelay) > 0 ? delay : maxDelay;
            } catch (cn.dalian.governance.schema.DecodeException faulty) {
                // faults are checked elsewhere
            }
        }
        assertTrue(maxDelay.compareTo(Duration.ofHours(1)) > 0, "latest delivery delay " + maxDelay);
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
