package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.RequestType;
import cn.dalian.governance.avro.SignalType;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.Matter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays the incidents of a {@link Scenario} onto the timeline and derives the warnings they must raise.
 * Scripted police signals carry their community code: the registry's illustrative community points
 * lie too close together for coordinates alone to name the community for certain.
 * The thresholds are those of DESIGN §7 (R1: 2 signals in 6 h orange, 4 red; R2: 3σ over baseline and
 * at least 5; R3: 1 grid dispute + 2 hotline complaints + 1 police signal in 48 h; R4: 3 open cases in
 * 30 days; R5: dispatch SLA blue, twice yellow; R6: a street's index below 55).
 */
final class ScenarioPlayer {
    /** How long after the decisive evidence a warning may take to appear. */
    static final Duration RAISE_WITHIN = Duration.ofHours(1);

    private final SplittableRandom random;
    private final CityModel city;
    private final GridItems grid;
    private final HotlineCases hotline;
    private final PoliceSignals police;

    ScenarioPlayer(SplittableRandom random, CityModel city, GridItems grid, HotlineCases hotline, PoliceSignals police) {
        this.random = requireNonNull(random, "random is null");
        this.city = requireNonNull(city, "city is null");
        this.grid = requireNonNull(grid, "grid is null");
        this.hotline = requireNonNull(hotline, "hotline is null");
        this.police = requireNonNull(police, "police is null");
    }

    /** Plans every incident starting in [from, to) and returns the warnings they must raise. */
    List<ExpectedWarning> play(Scenario scenario, Instant from, Instant to) {
        List<ExpectedWarning> expected = new ArrayList<>();
        for (Scenario.Incident incident : scenario.incidents()) {
            Instant at = incident.at().toInstant();
            if (at.isBefore(from) || !at.isBefore(to)) {
                continue;
            }
            Area community = city.areas().find(incident.community())
                    .filter(area -> area.level() == AreaLevel.COMMUNITY)
                    .orElseThrow(() -> new IllegalArgumentException("incident " + incident.id() + ": " + incident.community() + " is not a community of the area registry"));
            switch (incident.type()) {
                case MASS_GATHERING -> massGathering(incident, community, at, expected);
                case SURGE -> surge(incident, community, at, expected);
                case CONVERGENT_DISPUTE -> convergentDispute(incident, community, at, expected);
                case REPEAT_CALLER -> repeatCaller(incident, community, at, expected);
                case OVERDUE -> overdue(incident, community, at, expected);
                case UNREST -> unrest(incident, community, at, expected);
                default -> throw new IllegalStateException(incident.type().name());
            }
        }
        return expected;
    }

    private void massGathering(Scenario.Incident incident, Area community, Instant at, List<ExpectedWarning> expected) {
        int count = incident.countOr(4);
        Duration spacing = Duration.ofMinutes(incident.spacingMinutes() == null ? 60 : incident.spacingMinutes());
        if (spacing.multipliedBy(Math.max(0, count - 1)).compareTo(Duration.ofHours(6)) >= 0) {
            throw new IllegalArgumentException("incident " + incident.id() + ": " + count + " signals " + spacing.toMinutes() + " min apart do not fit in 6 h");
        }
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant t = at.plus(spacing.multipliedBy(i));
            times.add(t);
            police.plan(t, community, SignalType.MASS_GATHERING, 3, 30 + random.nextInt(150), false);
        }
        if (count >= 2) {
            expected.add(warning(incident, "R1", community, "ORANGE", times.get(1), "2 mass-gathering signals within 6 h"));
        }
        if (count >= 4) {
            expected.add(warning(incident, "R1", community, "RED", times.get(3), "4 mass-gathering signals within 6 h"));
        }
    }

    private void surge(Scenario.Incident incident, Area community, Instant at, List<ExpectedWarning> expected) {
        int count = incident.countOr(25);
        MatterGroup group = incident.matterGroup() == null ? MatterGroup.SANITATION_CITYSCAPE : incident.matterGroup();
        for (int i = 0; i < count; i++) {
            grid.plan(at.plusSeconds(random.nextInt(3000)), community, group, GridItems.Plan.NORMAL);
        }
        if (count >= 5) {
            Instant hourStart = at.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            expected.add(new ExpectedWarning(incident.id(), "R2", community.code(), "COMMUNITY", "YELLOW",
                    hourStart.toString(), hourStart.plus(Duration.ofHours(2)).toString(),
                    count + " new items in one hour, far above the community's baseline"));
        }
    }

    private void convergentDispute(Scenario.Incident incident, Area community, Instant at, List<ExpectedWarning> expected) {
        MatterGroup group = incident.matterGroup() == null ? MatterGroup.DISPUTE : incident.matterGroup();
        Matter matter = matter(incident, group, at);
        grid.plan(at, community, matter, Urgency.NORMAL, GridItems.Plan.NORMAL);
        hotline.plan(at.plus(Duration.ofHours(3)), community, matter, RequestType.COMPLAINT, hotline.newCaller(), false);
        hotline.plan(at.plus(Duration.ofHours(9)), community, matter, RequestType.COMPLAINT, hotline.newCaller(), false);
        Instant last = at.plus(Duration.ofHours(20));
        police.plan(last, community, group == MatterGroup.DISPUTE ? SignalType.DISPUTE_CALL : SignalType.PUBLIC_ORDER, 2, 3, false);
        expected.add(warning(incident, "R3", community, "ORANGE", last, "grid dispute, 2 hotline complaints and a police signal of group " + group + " within 48 h"));
    }

    private void repeatCaller(Scenario.Incident incident, Area community, Instant at, List<ExpectedWarning> expected) {
        int count = incident.countOr(3);
        Duration spacing = Duration.ofHours(incident.spacingHours() == null ? 24 : incident.spacingHours());
        MatterGroup group = incident.matterGroup() == null ? MatterGroup.SANITATION_CITYSCAPE : incident.matterGroup();
        HotlineCases.Caller caller = hotline.newCaller();
        Instant third = null;
        for (int i = 0; i < count; i++) {
            Instant t = at.plus(spacing.multipliedBy(i));
            hotline.plan(t, community, matter(incident, group, t), RequestType.COMPLAINT, caller, true);
            if (i == 2) {
                third = t;
            }
        }
        if (count >= 3) {
            expected.add(warning(incident, "R4", community, "YELLOW", third, "one caller, 3 open cases of group " + group + " within 30 days"));
        }
    }

    private void overdue(Scenario.Incident incident, Area community, Instant at, List<ExpectedWarning> expected) {
        MatterGroup group = incident.matterGroup() == null ? MatterGroup.PUBLIC_FACILITIES : incident.matterGroup();
        Matter matter = matter(incident, group, at);
        grid.plan(at, community, matter, Urgency.NORMAL, GridItems.Plan.NEVER_DISPATCHED);
        Duration sla = matter.dispatchWithin(Urgency.NORMAL);
        expected.add(warning(incident, "R5", community, "BLUE", at.plus(sla), "not dispatched within " + sla.toMinutes() + " min (" + matter.code() + ")"));
        Area street = city.street(community);
        expected.add(new ExpectedWarning(incident.id(), "R5", community.code(), "COMMUNITY", "YELLOW",
                at.plus(sla.multipliedBy(2)).toString(), at.plus(sla.multipliedBy(2)).plus(RAISE_WITHIN).toString(),
                "not dispatched within twice the SLA; routed one level up to street " + street.code()));
    }

    /**
     * Enough serious police signals (level 4), grid disputes and mass gatherings in the street's communities,
     * {@code spacingMinutes} (5) apart, to saturate three components of its index (police risk, disputes,
     * mass gathering: 60 points off, whatever else happens there): R6 orange on the street by the last of them.
     */
    private void unrest(Scenario.Incident incident, Area community, Instant at, List<ExpectedWarning> expected) {
        Area street = city.street(community);
        double perTenThousand = street.population() / 10_000.0;
        int police = (int) Math.ceil(6.0 * perTenThousand / 8) + 1;
        int disputes = (int) Math.ceil(3.0 * perTenThousand) + 1;
        int gatherings = (int) Math.ceil(0.5 * perTenThousand) + 1;
        List<Area> communities = city.communities().stream().filter(c -> c.parentCode().equals(street.code())).toList();
        Duration spacing = Duration.ofMinutes(incident.spacingMinutes() == null ? 5 : incident.spacingMinutes());
        Instant t = at;
        int i = 0;
        for (; i < police; i++, t = t.plus(spacing)) {
            this.police.plan(t, communities.get(i % communities.size()), SignalType.PUBLIC_ORDER, 4, 5 + random.nextInt(20), false);
        }
        for (int g = 0; g < gatherings; g++, i++, t = t.plus(spacing)) {
            this.police.plan(t, communities.get(i % communities.size()), SignalType.MASS_GATHERING, 3, 30 + random.nextInt(100), false);
        }
        Matter dispute = matter(incident, MatterGroup.DISPUTE, at);
        for (int d = 0; d < disputes; d++, i++, t = t.plus(spacing)) {
            grid.plan(t, communities.get(i % communities.size()), dispute, Urgency.URGENT, GridItems.Plan.NORMAL);
        }
        Instant last = t.minus(spacing);
        expected.add(new ExpectedWarning(incident.id(), "R6", street.code(), "STREET", "ORANGE", at.toString(), last.plus(RAISE_WITHIN).toString(),
                police + " serious police signals, " + gatherings + " mass gatherings and " + disputes + " disputes in street " + street.code()
                        + " within " + Duration.between(at, last).toMinutes() + " min: its index falls into high risk"));
    }

    private Matter matter(Scenario.Incident incident, MatterGroup group, Instant at) {
        LocalDate day = at.atZone(SimulationConfig.CITY_ZONE).toLocalDate();
        if (incident.matterCode() != null) {
            return city.matters().inForce(incident.matterCode(), day)
                    .orElseThrow(() -> new IllegalArgumentException("incident " + incident.id() + ": matter " + incident.matterCode() + " is not in force on " + day));
        }
        List<Matter> candidates = city.matters(group, day);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("incident " + incident.id() + ": no matter of group " + group + " in force on " + day);
        }
        return candidates.get(0);
    }

    private static ExpectedWarning warning(Scenario.Incident incident, String rule, Area community, String level, Instant decisive, String because) {
        return new ExpectedWarning(incident.id(), rule, community.code(), "COMMUNITY", level,
                decisive.toString(), decisive.plus(RAISE_WITHIN).toString(), because);
    }
}
