package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.HotlineChannel;
import cn.dalian.governance.avro.HotlineState;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.RequestType;
import cn.dalian.governance.avro.Satisfaction;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.Matter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Plans 12345 hotline cases (12345 工单) through their lifecycle onto the timeline. */
final class HotlineCases {
    /** A caller: name and phone, the PII ingest must pseudonymise. */
    record Caller(String name, String phone) {}

    private final SplittableRandom random;
    private final CityModel city;
    private final Timeline timeline;
    private final double lateShare;
    private final List<Caller> frequentCallers = new ArrayList<>();
    private long counter;

    HotlineCases(SplittableRandom random, CityModel city, Timeline timeline, double lateShare) {
        this.random = requireNonNull(random, "random is null");
        this.city = requireNonNull(city, "city is null");
        this.timeline = requireNonNull(timeline, "timeline is null");
        this.lateShare = lateShare;
        for (int i = 0; i < 400; i++) {
            frequentCallers.add(newCaller());
        }
    }

    Caller newCaller() {
        return new Caller(People.name(random), People.mobile(random));
    }

    /** Plans one case of the group received at {@code at} from an ordinary caller; returns its case id or null. */
    String plan(Instant at, Area community, MatterGroup group) {
        LocalDate day = at.atZone(SimulationConfig.CITY_ZONE).toLocalDate();
        List<Matter> candidates = city.matters(group, day);
        if (candidates.isEmpty()) {
            return null;
        }
        Caller caller = Draw.chance(random, 0.03) ? Draw.oneOf(random, frequentCallers) : newCaller();
        return plan(at, community, Draw.oneOf(random, candidates), requestType(), caller, false);
    }

    /**
     * Plans one case; {@code keepOpen} holds it dispatched for ten days, as for a repeat caller whose
     * problem is not solved.
     */
    String plan(Instant at, Area community, Matter matter, RequestType requestType, Caller caller, boolean keepOpen) {
        LocalDate day = at.atZone(SimulationConfig.CITY_ZONE).toLocalDate();
        String caseId = "12345-" + day.toString().replace("-", "") + "-" + String.format("%07d", ++counter);
        Urgency urgency = matter.group() == MatterGroup.EMERGENCY ? Urgency.URGENT : (Draw.chance(random, 0.08) ? Urgency.URGENT : Urgency.NORMAL);
        String contact = Draw.chance(random, 0.2) ? People.mobile(random) : (Draw.chance(random, 0.03) ? People.idNumber(random) : null);
        String callerName = Draw.chance(random, 0.8) ? caller.name() : null;
        String party = callerName != null && Draw.chance(random, 0.3) ? callerName : null;
        HotlineCase.Builder base = HotlineCase.newBuilder()
                .setEventId("")
                .setCaseId(caseId)
                .setOccurredAt(at)
                .setReceivedAt(at)
                .setChannel(HotlineChannel.values()[Draw.weighted(random, new double[] {0.7, 0.08, 0.1, 0.1, 0.02})])
                .setCallerPhone(caller.phone())
                .setCallerName(callerName)
                .setCallerAddress(city.district(community).nameZh() + city.street(community).nameZh() + community.nameZh() + (1 + random.nextInt(60)) + "号")
                .setCommunityCode(community.code())
                .setMatterCode(matter.code())
                .setRequestType(requestType)
                .setUrgency(urgency)
                .setText(Texts.describe(random, matter.group(), community.nameZh(), party, contact))
                .setState(HotlineState.RECEIVED);
        Emitter out = new Emitter(base, SendClock.forItem(random, lateShare));
        out.emit(at, HotlineState.RECEIVED);

        Instant t;
        if (requestType == RequestType.INQUIRY && !keepOpen && Draw.chance(random, 0.7)) {
            t = at.plus(Draw.minutes(random, 2, 30));
            t = out.emit(t, HotlineState.REPLIED);
            t = t.plus(Draw.hours(random, 1, 48));
            close(out, t, false);
            return caseId;
        }
        t = at.plus(Draw.withinSla(random, matter.dispatchWithin(urgency), 0.04, 0.01));
        out.base.setHandlingUnit(matter.department());
        t = out.emit(t, HotlineState.DISPATCHED);
        if (keepOpen) {
            t = at.plus(Duration.ofDays(10)).plus(Draw.hours(random, 0, 24));
        } else if (Draw.chance(random, 0.06)) {
            t = t.plus(Draw.hours(random, 1, 8));
            t = out.emit(t, HotlineState.RETURNED);
            t = t.plus(Draw.hours(random, 0.5, 4));
            out.base.setHandlingUnit(city.street(community).nameZh() + "办事处");
            t = out.emit(t, HotlineState.DISPATCHED);
        }
        Duration resolveSla = matter.resolveWithin(urgency);
        Instant replied = keepOpen ? t : at.plus(Draw.withinSla(random, resolveSla, 0.06, 0.015));
        t = replied.isAfter(t) ? replied : t.plus(Duration.ofMinutes(30));
        boolean overdue = Duration.between(at, t).compareTo(resolveSla) > 0;
        t = out.emit(t, HotlineState.REPLIED);
        t = t.plus(Draw.hours(random, 2, 72));
        Satisfaction satisfaction = close(out, t, overdue);
        if (Draw.chance(random, satisfaction == Satisfaction.UNSATISFIED ? 0.3 : 0.01)) {
            out.base.setSatisfaction(null);
            t = t.plus(Draw.hours(random, 24, 120));
            t = out.emit(t, HotlineState.REOPENED);
            t = t.plus(Draw.hours(random, 1, 8));
            t = out.emit(t, HotlineState.DISPATCHED);
            t = t.plus(Draw.hours(random, 24, 120));
            t = out.emit(t, HotlineState.REPLIED);
            t = t.plus(Draw.hours(random, 2, 48));
            close(out, t, true);
        }
        return caseId;
    }

    private Satisfaction close(Emitter out, Instant at, boolean overdue) {
        double[] weights = overdue ? new double[] {0.45, 0.2, 0.28, 0.07} : new double[] {0.78, 0.12, 0.05, 0.05};
        Satisfaction satisfaction = Satisfaction.values()[Draw.weighted(random, weights)];
        out.base.setSatisfaction(satisfaction);
        out.emit(at, HotlineState.CLOSED);
        return satisfaction;
    }

    private RequestType requestType() {
        return RequestType.values()[Draw.weighted(random, new double[] {0.45, 0.25, 0.15, 0.1, 0.05})];
    }

    private final class Emitter {
        private final HotlineCase.Builder base;
        private final SendClock clock;

        Emitter(HotlineCase.Builder base, SendClock clock) {
            this.base = base;
            this.clock = clock;
        }

        private Instant lastOccurred = Instant.MIN;

        /** Emits a transition at {@code occurredAt}, or a few minutes after the previous one if that is later; returns its time. */
        Instant emit(Instant occurredAt, HotlineState state) {
            if (!occurredAt.isAfter(lastOccurred)) {
                occurredAt = lastOccurred.plusSeconds(60 + random.nextInt(600));
            }
            lastOccurred = occurredAt;
            Instant sendAt = clock.sendTime(occurredAt);
            HotlineCase event = HotlineCase.newBuilder(base)
                    .setEventId(Timeline.uuid(random))
                    .setOccurredAt(occurredAt)
                    .setState(state)
                    .build();
            timeline.add(sendAt, Topics.HOTLINE_CASES, event.getCaseId(), event, clock.isLate(), false);
            return occurredAt;
        }
    }
}
