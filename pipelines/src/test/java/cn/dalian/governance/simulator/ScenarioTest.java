package cn.dalian.governance.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.schema.DecodeException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped scenario file: its incidents are injected and its ground truth follows DESIGN §7. */
class ScenarioTest {
    static final Path SCENARIO = Path.of("..", "infra", "scenarios", "incidents.json");

    @TempDir
    static Path out;
    private static List<ExpectedWarning> truth;

    @BeforeAll
    static void simulateScenario() throws IOException {
        assertEquals(0, PlatformCli.execute("simulate", "--to", "files", "--out", out.toString(), "--scale", "0.05",
                "--start", "2026-10-04", "--days", "3", "--scenario", SCENARIO.toString()));
        truth = List.of(new ObjectMapper().readValue(out.resolve("ground-truth.json").toFile(), ExpectedWarning[].class));
    }

    @Test
    void groundTruthNamesEveryRuleTheScenarioScripts() {
        String rules = truth.stream().map(w -> w.rule() + ":" + w.level()).sorted().collect(Collectors.joining(","));
        assertEquals("R1:ORANGE,R1:ORANGE,R1:RED,R2:YELLOW,R3:ORANGE,R4:YELLOW,R5:BLUE,R5:YELLOW,R6:ORANGE", rules);
    }

    @Test
    void massGatheringTurnsRedAtTheFourthSignal() throws IOException {
        AreaRegistry areas = AreaRegistry.loadDefault();
        Instant from = Instant.parse("2026-10-04T09:30:00+08:00");
        List<Instant> signals = new ArrayList<>();
        for (FileRecordSink.StoredRecord stored : FileRecordSink.read(out.resolve(Topics.POLICE_RISK + FileRecordSink.SUFFIX))) {
            try {
                PoliceRiskSignal signal = FeedCodecs.POLICE.decode(stored.value());
                String community = signal.getCommunityCode() != null ? signal.getCommunityCode()
                        : areas.nearestCommunity(signal.getLocation().getLatitude(), signal.getLocation().getLongitude()).code();
                boolean inIncident = !signal.getOccurredAt().isBefore(from) && signal.getOccurredAt().isBefore(from.plus(Duration.ofHours(6)));
                if (signal.getSignalType() == SignalType.MASS_GATHERING && "210202001001".equals(community) && inIncident) {
                    signals.add(signal.getOccurredAt());
                }
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(List.of(from, from.plus(Duration.ofMinutes(50)), from.plus(Duration.ofMinutes(100)), from.plus(Duration.ofMinutes(150))),
                signals.stream().sorted().toList(), "the incident's four signals, 50 min apart");
        ExpectedWarning red = truth.stream().filter(w -> w.level().equals("RED")).findFirst().orElseThrow();
        Instant fourth = Instant.parse("2026-10-04T01:30:00Z").plus(Duration.ofMinutes(150));
        assertEquals(fourth.toString(), red.windowStart());
        assertEquals("210202001001", red.areaCode());
    }

    @Test
    void overdueBecomesYellowAtTwiceTheSla() {
        ExpectedWarning blue = truth.stream().filter(w -> w.rule().equals("R5") && w.level().equals("BLUE")).findFirst().orElseThrow();
        ExpectedWarning yellow = truth.stream().filter(w -> w.rule().equals("R5") && w.level().equals("YELLOW")).findFirst().orElseThrow();
        Instant at = Instant.parse("2026-10-04T06:00:00+08:00");
        Duration sla = Duration.between(at, Instant.parse(blue.windowStart()));
        assertTrue(sla.compareTo(Duration.ZERO) > 0);
        assertEquals(at.plus(sla.multipliedBy(2)).toString(), yellow.windowStart());
    }

    @Test
    void refusesAnIncidentInAnUnknownCommunity(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"x\",\"incidents\":[{\"id\":\"i1\",\"type\":\"OVERDUE\",\"community\":\"210202999999\",\"at\":\"2026-10-01T06:00:00+08:00\"}]}");
        assertEquals(1, PlatformCli.execute("simulate", "--to", "files", "--out", dir.resolve("o").toString(), "--scale", "0.01", "--scenario", bad.toString()));
    }

    @Test
    void refusesAMalformedScenarioAsAUsageError(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"x\",\"incidents\":[{\"id\":\"i1\",\"type\":\"NO_SUCH\",\"community\":\"210202001001\",\"at\":\"2026-10-01T06:00:00+08:00\"}]}");
        assertEquals(2, PlatformCli.execute("simulate", "--to", "files", "--out", dir.resolve("o").toString(), "--scenario", bad.toString()));
        assertThrows(IllegalArgumentException.class, () -> Scenario.read(bad));
    }
}
