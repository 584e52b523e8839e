package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The city-scale feed simulator. Walks simulated time hour by hour (city clock): draws new grid items,
 * hotline cases and police signals per community from {@link ArrivalModel}, plans each one's whole
 * lifecycle onto a {@link Timeline}, plays scenario incidents, and sends every record due in the hour,
 * adding the requested faults and duplicates. Deterministic for a given configuration: all randomness
 * comes from the seed and nothing depends on the wall clock.
 */
public final class Simulator {
    private final SimulationConfig config;
    private final CityModel city;
    private final PrintStream progress;

    public Simulator(SimulationConfig config, AreaRegistry areas, MatterCatalogue matters, PrintStream progress) {
        this.config = requireNonNull(config, "config is null");
        this.city = new CityModel(areas, matters);
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** The result of a run: the report and the ground-truth warnings of the scenario (empty without one). */
    public record Result(SimulationReport report, List<ExpectedWarning> expectedWarnings) {}

    public Result run(RecordSink sink, Pacer pacer) throws IOException, InterruptedException {
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom arrivals = root.split();
        Timeline timeline = new Timeline();
        GridItems grid = new GridItems(root.split(), city, timeline, config.lateShare());
        HotlineCases hotline = new HotlineCases(root.split(), city, timeline, config.lateShare());
        PoliceSignals police = new PoliceSignals(root.split(), city, timeline, config.lateShare(), config.oldWriterShare());
        Ratings ratings = new Ratings(root.split(), city, timeline);
        FaultInjector faults = new FaultInjector(root.split(), city);
        SplittableRandom sending = root.split();
        ScenarioPlayer player = new ScenarioPlayer(root.split(), city, grid, hotline, police);

        SimulationReport report = SimulationReport.start(config);
        List<ExpectedWarning> expected = new ArrayList<>();
        Instant end = config.end();
        long wallStart = System.nanoTime();
        long lastProgress = wallStart;

        for (Instant hour = config.start(); hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            Instant hourEnd = hour.plus(Duration.ofHours(1));
            ZonedDateTime local = hour.atZone(SimulationConfig.CITY_ZONE);
            if (local.getHour() == 0) {
                ratings.planDay(local.toLocalDate());
            }
            planArrivals(arrivals, hour, local, grid, hotline, police);
            if (config.scenario().isPresent()) {
                // Only warnings whose decisive evidence is sent before the run ends can be expected.
                for (ExpectedWarning warning : player.play(config.scenario().get(), hour, hourEnd)) {
                    if (Instant.parse(warning.windowStart()).isBefore(end)) {
                        expected.add(warning);
                    }
                }
            }

            Scheduled next;
            while ((next = timeline.pollBefore(hourEnd)) != null) {
                if (next.duplicateOf() != null) {
                    SimRecord duplicate = next.duplicateOf().asDuplicate(next.sendAt());
                    pacer.beforeSend(duplicate.sentAt());
                    sink.send(duplicate);
                    report.count(duplicate);
                    continue;
                }
                byte[] key = next.key().getBytes(StandardCharsets.UTF_8);
                SimRecord valid = new SimRecord(next.topic(), key, FeedCodecs.encode(next.topic(), next.record(), next.isOldWriter()),
                        next.sendAt(), FeedCodecs.kindOf(next.record()), null, false, next.isLate());
                pacer.beforeSend(valid.sentAt());
                sink.send(valid);
                report.count(valid);
                for (FaultKind kind : FaultKind.values()) {
                    double share = config.faultShare(kind);
                    if (share > 0 && FaultInjector.applies(kind, next.topic()) && Draw.chance(sending, share)) {
                        SimRecord fault = new SimRecord(next.topic(), key, faults.inject(kind, next.topic(), next.record(), next.sendAt()),
                                next.sendAt(), kind.name(), kind, false, false);
                        pacer.beforeSend(fault.sentAt());
                        sink.send(fault);
                        report.count(fault);
                    }
                }
                if (config.duplicateShare() > 0 && Draw.chance(sending, config.duplicateShare())) {
                    Instant resend = next.sendAt().plus(Draw.minutes(sending, 1, 30));
                    if (resend.isBefore(end)) {
                        timeline.addDuplicate(resend, valid);
                    }
                }
            }
            long now = System.nanoTime();
            if (now - lastProgress > 5_000_000_000L) {
                lastProgress = now;
                double seconds = (now - wallStart) / 1e9;
                progress.printf("simulate: up to %s, %,d records sent, %,.0f records/s, %,d planned ahead%n",
                        hourEnd.atZone(SimulationConfig.CITY_ZONE).toLocalDateTime(), report.records, report.records / seconds, timeline.pending());
            }
        }
        sink.flush();
        return new Result(report, List.copyOf(expected));
    }

    private void planArrivals(SplittableRandom random, Instant hour, ZonedDateTime local, GridItems grid, HotlineCases hotline, PoliceSignals police) {
        int hourOfDay = local.getHour();
        for (Area community : city.communities()) {
            long population = community.population();
            boolean urban = Boolean.TRUE.equals(community.urban());
            for (MatterGroup group : MatterGroup.values()) {
                int items = Draw.poisson(random, config.scale() * ArrivalModel.gridPerHour(group, population, urban, hourOfDay, local.getDayOfWeek()));
                for (int i = 0; i < items; i++) {
                    grid.plan(hour.plusSeconds(random.nextInt(3600)), community, group, GridItems.Plan.NORMAL);
                }
                int cases = Draw.poisson(random, config.scale() * ArrivalModel.hotlinePerHour(group, population, urban, hourOfDay, local.getDayOfWeek()));
                for (int i = 0; i < cases; i++) {
                    hotline.plan(hour.plusSeconds(random.nextInt(3600)), community, group);
                }
            }
            int signals = Draw.poisson(random, config.scale() * ArrivalModel.policePerHour(population, urban, hourOfDay, local.getDayOfWeek()));
            for (int i = 0; i < signals; i++) {
                police.plan(hour.plusSeconds(random.nextInt(3600)), community);
            }
        }
    }
}
