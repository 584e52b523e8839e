package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.AssigneeType;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.MediationChannel;
import cn.dalian.governance.avro.MediationOutcome;
import cn.dalian.governance.avro.PersonInvolved;
import cn.dalian.governance.avro.ReporterType;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.avro.VerificationResult;
import cn.dalian.governance.avro.VulnerableGroup;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.Matter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Plans grid matters (网格事件) through their whole lifecycle (Art. 22) onto the timeline. */
final class GridItems {
    private final SplittableRandom random;
    private final CityModel city;
    private final Timeline timeline;
    private final double lateShare;
    private long counter;

    GridItems(SplittableRandom random, CityModel city, Timeline timeline, double lateShare) {
        this.random = requireNonNull(random, "random is null");
        this.city = requireNonNull(city, "city is null");
        this.timeline = requireNonNull(timeline, "timeline is null");
        this.lateShare = lateShare;
    }

    /** How a planned item ends, for scenario incidents; ordinary items take {@link Plan#NORMAL}. */
    enum Plan {
        NORMAL,
        /** Collected and never dispatched: raises overdue supervision (R5). */
        NEVER_DISPATCHED
    }

    /** Plans one item of the group collected at {@code at}; returns its item id, or null if no matter fits. */
    String plan(Instant at, Area community, MatterGroup group, Plan plan) {
        LocalDate day = at.atZone(SimulationConfig.CITY_ZONE).toLocalDate();
        List<Matter> candidates = city.matters(group, day);
        if (candidates.isEmpty()) {
            return null;
        }
        Matter matter = Draw.oneOf(random, candidates);
        Urgency urgency = urgency(group);
        return plan(at, community, matter, urgency, plan);
    }

    String plan(Instant at, Area community, Matter matter, Urgency urgency, Plan plan) {
        Area grid = Draw.oneOf(random, city.grids(community));
        LocalDate day = at.atZone(SimulationConfig.CITY_ZONE).toLocalDate();
        String itemId = "GRID-" + day.toString().replace("-", "") + "-" + String.format("%07d", ++counter);
        boolean dispute = matter.group() == MatterGroup.DISPUTE;
        String contact = Draw.chance(random, 0.3) ? (Draw.chance(random, 0.85) ? People.mobile(random) : People.landline(random)) : null;
        List<PersonInvolved> persons = persons(dispute ? 2 : random.nextInt(2));
        String party = !persons.isEmpty() && Draw.chance(random, 0.4) ? persons.get(0).getName() : null;
        GridEvent.Builder base = GridEvent.newBuilder()
                .setEventId("")
                .setItemId(itemId)
                .setOccurredAt(at)
                .setReportedAt(at)
                .setGridCode(grid.code())
                .setReporterType(reporter())
                .setMatterCode(matter.code())
                .setUrgency(urgency)
                .setDescription(Texts.describe(random, matter.group(), community.nameZh(), party, contact))
                .setPersons(persons)
                .setVulnerableGroup(vulnerable(matter.group()))
                .setState(GridState.COLLECTED);
        Emitter out = new Emitter(base, SendClock.forItem(random, lateShare));
        out.emit(at, GridState.COLLECTED);
        if (plan == Plan.NEVER_DISPATCHED) {
            return itemId;
        }

        Instant t = at;
        Area street = city.street(community);
        String streetCentre = street.nameZh() + "综治中心";
        if (Draw.chance(random, 0.03)) {
            t = t.plus(Draw.hours(random, 0.2, 2));
            out.assignment(AssigneeType.DEPARTMENT, matter.department(), streetCentre);
            t = out.emit(t, GridState.ESCALATED);
            streetCentre = city.district(community).nameZh() + "社会治理中心";
        }
        t = at.plus(Draw.withinSla(random, matter.dispatchWithin(urgency), 0.05, 0.01));
        assign(out, matter, community, grid, streetCentre);
        t = out.emit(t, GridState.ASSIGNED);
        if (Draw.chance(random, 0.04)) {
            t = t.plus(Draw.hours(random, 0.5, 4));
            t = out.emit(t, GridState.RETURNED);
            t = t.plus(Draw.hours(random, 0.5, 3));
            out.assignment(AssigneeType.DEPARTMENT, matter.department(), streetCentre);
            t = out.emit(t, GridState.ASSIGNED);
        }
        t = t.plus(Draw.hours(random, 0.2, 6));
        if (Draw.chance(random, 0.2)) {
            out.base.setCoHandlers(List.of(matter.department(), street.nameZh() + "办事处"));
        }
        if (dispute) {
            out.base.setMediationChannel(mediationChannel());
        }
        t = out.emit(t, GridState.HANDLING);
        out.base.setCoHandlers(List.of());

        Instant feedback = at.plus(Draw.withinSla(random, matter.resolveWithin(urgency), 0.06, 0.015));
        t = later(feedback, t.plus(Duration.ofMinutes(30)));
        if (dispute) {
            out.base.setMediationOutcome(Draw.chance(random, 0.82) ? MediationOutcome.SUCCEEDED : MediationOutcome.FAILED);
        }
        t = out.emit(t, GridState.FEEDBACK);
        t = t.plus(Draw.hours(random, 1, 24));
        if (Draw.chance(random, 0.08)) {
            out.base.setVerification(VerificationResult.FAILED);
            t = out.emit(t, GridState.VERIFIED);
            out.base.setVerification(null);
            t = t.plus(Draw.hours(random, 0.5, 2));
            t = out.emit(t, GridState.HANDLING);
            t = t.plus(Draw.hours(random, 4, 48));
            t = out.emit(t, GridState.FEEDBACK);
            t = t.plus(Draw.hours(random, 1, 24));
        }
        out.base.setVerification(VerificationResult.PASSED);
        t = out.emit(t, GridState.VERIFIED);
        out.base.setVerification(null);
        t = t.plus(Draw.hours(random, 0.1, 2));
        t = out.emit(t, GridState.CLOSED);
        if (Draw.chance(random, 0.02)) {
            t = t.plus(Draw.hours(random, 24, 240));
            t = out.emit(t, GridState.REOPENED);
            t = t.plus(Draw.hours(random, 1, 12));
            t = out.emit(t, GridState.HANDLING);
            t = t.plus(Draw.hours(random, 12, 96));
            t = out.emit(t, GridState.FEEDBACK);
            t = t.plus(Draw.hours(random, 1, 24));
            out.base.setVerification(VerificationResult.PASSED);
            t = out.emit(t, GridState.VERIFIED);
            out.base.setVerification(null);
            t = t.plus(Draw.hours(random, 0.1, 2));
            t = out.emit(t, GridState.CLOSED);
        }
        return itemId;
    }

    private void assign(Emitter out, Matter matter, Area community, Area grid, String assignedBy) {
        double[] weights = switch (matter.group()) {
            case DISPUTE -> new double[] {0.3, 0.5, 0.2};
            case LIVELIHOOD_VULNERABLE -> new double[] {0.3, 0.5, 0.2};
            case EMERGENCY, PETITION_SIGNAL -> new double[] {0.9, 0.05, 0.05};
            default -> new double[] {0.5, 0.2, 0.3};
        };
        AssigneeType type = switch (Draw.weighted(random, weights)) {
            case 0 -> AssigneeType.DEPARTMENT;
            case 1 -> AssigneeType.COMMITTEE;
            default -> AssigneeType.GRID;
        };
        // Art. 21 and 24: most assigning bodies respect the admission lists; some still push matters down.
        if (type == AssigneeType.GRID && !matter.gridAdmitted() && !Draw.chance(random, 0.15)) {
            type = AssigneeType.DEPARTMENT;
        }
        if (type == AssigneeType.COMMITTEE && !matter.committeeListed() && !Draw.chance(random, 0.15)) {
            type = AssigneeType.DEPARTMENT;
        }
        String assignee = switch (type) {
            case DEPARTMENT -> matter.department();
            case COMMITTEE -> community.nameZh() + (Boolean.TRUE.equals(community.urban()) ? "居民委员会" : "村民委员会");
            default -> grid.code();
        };
        out.assignment(type, assignee, assignedBy);
    }

    private Urgency urgency(MatterGroup group) {
        double[] weights = switch (group) {
            case EMERGENCY -> new double[] {0.2, 0.4, 0.4};
            case PETITION_SIGNAL, SAFETY_HAZARD -> new double[] {0.6, 0.3, 0.1};
            default -> new double[] {0.86, 0.12, 0.02};
        };
        return Urgency.values()[Draw.weighted(random, weights)];
    }

    private ReporterType reporter() {
        return ReporterType.values()[Draw.weighted(random, new double[] {0.7, 0.2, 0.1})];
    }

    private VulnerableGroup vulnerable(MatterGroup group) {
        double share = group == MatterGroup.LIVELIHOOD_VULNERABLE ? 0.4 : 0.04;
        return Draw.chance(random, share) ? VulnerableGroup.values()[random.nextInt(VulnerableGroup.values().length)] : null;
    }

    private MediationChannel mediationChannel() {
        return MediationChannel.values()[Draw.weighted(random, new double[] {0.6, 0.2, 0.1, 0.1})];
    }

    private List<PersonInvolved> persons(int count) {
        List<PersonInvolved> persons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            persons.add(new PersonInvolved(People.name(random),
                    Draw.chance(random, 0.5) ? People.idNumber(random) : null,
                    Draw.chance(random, 0.7) ? People.mobile(random) : null));
        }
        return persons;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Emits transitions of one item, carrying its header fields along. */
    private final class Emitter {
        private final GridEvent.Builder base;
        private final SendClock clock;

        Emitter(GridEvent.Builder base, SendClock clock) {
            this.base = base;
            this.clock = clock;
        }

        void assignment(AssigneeType type, String assignee, String assignedBy) {
            base.setAssigneeType(type).setAssignee(assignee).setAssignedBy(assignedBy);
        }

        private Instant lastOccurred = Instant.MIN;

        /** Emits a transition at {@code occurredAt}, or a few minutes after the previous one if that is later; returns its time. */
        Instant emit(Instant occurredAt, GridState state) {
            if (!occurredAt.isAfter(lastOccurred)) {
                occurredAt = lastOccurred.plusSeconds(60 + random.nextInt(600));
            }
            lastOccurred = occurredAt;
            Instant sendAt = clock.sendTime(occurredAt);
            GridEvent event = GridEvent.newBuilder(base)
                    .setEventId(Timeline.uuid(random))
                    .setOccurredAt(occurredAt)
                    .setReportedAt(sendAt)
                    .setState(state)
                    .build();
            timeline.add(sendAt, Topics.GRID_EVENTS, event.getItemId(), event, clock.isLate(), false);
            return occurredAt;
        }
    }
}
