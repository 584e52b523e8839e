package cn.dalian.governance.assess;

import static cn.dalian.governance.assess.AssessFixtures.DAY;
import static cn.dalian.governance.assess.AssessFixtures.HOUR;
import static cn.dalian.governance.assess.AssessFixtures.MINUTE;
import static cn.dalian.governance.assess.AssessFixtures.RULES;
import static cn.dalian.governance.assess.AssessFixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules judge each transition as it arrives, and their window state does not depend on arrival
 * order: the same transitions, delivered in several shuffled orders within the out-of-orderness bound
 * (no transition arrives after the clock has passed it; each item's own transitions stay in order, as
 * Kafka keeps them), give every rule the same warnings — the same episodes, each reaching the same
 * highest level and clearing with the same evidence. Only R4 may, in some orders, raise a warning that a
 * later-arriving close withdraws at the instant it opened; those are named withdrawn and left out.
 *
 * <p>The world: five days of three small communities (two of them one street of under 10 000
 * residents) with random grid items, hotline complaints and police signals going through their
 * lifecycles, and one scripted incident per rule (R1 mass gathering, R2 surge after the warm-up, R3
 * convergence, R4 repeat caller, R5 overdue item, R6 the street's index falling into high risk). Each
 * rule runs in its own operator harness, driven like the assess clock drives it: the watermark trails
 * the newest event time by the bound, in clock steps, and each hour that becomes final gets its ticks
 * first.
 */
class ShuffledArrivalTest {
    private static final String A = "210224202001";
    private static final String B = "210224202201";
    private static final String C = "210224201001";
    private static final String STREET = "210224202";
    private static final List<String> COMMUNITIES = List.of(A, B, C);
    private static final List<String> STREETS = List.of("210224202", "210224201");
    private static final long T0 = at("2026-10-01T00:00:00+08:00");
    private static final long BOUND = RULES.watermarkOutOfOrderness().toMillis();
    private static final long STEP = RULES.watermarkGranularity().toMillis();

    /** Worlds 3 and 5 once caught an R4 count and an R6 opening that depended on the arrival order. */
    @ParameterizedTest
    @ValueSource(longs = {20261207L, 3L, 5L})
    void everyShuffledArrivalOrderWithinTheBoundGetsTheSameWarnings(long worldSeed) throws Exception {
        List<ItemTransition> world = world(worldSeed);
        Map<String, List<String>> inOrder = warnings(run(arrivals(world, null)));
        for (String rule : List.of("R1", "R2", "R3", "R4", "R5", "R6")) {
            assertTrue(inOrder.getOrDefault(rule, List.of()).size() > 0, rule + " raised nothing in order: the world must exercise every rule");
        }
        for (long seed = 1; seed <= 4; seed++) {
            Map<String, List<String>> shuffled = warnings(run(arrivals(world, new Random(seed))));
            for (String rule : inOrder.keySet()) {
                assertEquals(inOrder.get(rule), shuffled.getOrDefault(rule, List.of()), rule + " in shuffled order " + seed);
            }
            assertEquals(inOrder.keySet(), shuffled.keySet());
        }
    }

    /** The transitions of the world, each item's in order. */
    private static List<ItemTransition> world(long seed) {
        Random random = new Random(seed);
        List<ItemTransition> all = new ArrayList<>();
        int n = 0;
        String[] groups = {"DISPUTE", "PUBLIC_FACILITIES", "SANITATION_CITYSCAPE"};
        for (long hour = T0; hour < T0 + 5 * DAY; hour += HOUR) {
            for (String community : COMMUNITIES) {
                int items = random.nextInt(3);
                for (int i = 0; i < items; i++) {
                    long t = hour + random.nextInt(60) * MINUTE + random.nextInt(60_000);
                    String group = groups[random.nextInt(groups.length)];
                    switch (random.nextInt(3)) {
                        case 0 -> all.addAll(gridItem("g" + n++, community, group, t, HOUR + random.nextInt(40) * HOUR));
                        case 1 -> all.addAll(complaint("h" + n++, "caller-" + community + "-" + random.nextInt(3), community, group, t,
                                random.nextInt(4) * DAY + random.nextInt(24) * HOUR));
                        default -> {
                            ItemTransition signal = AssessFixtures.police("p" + n++, community, random.nextInt(20) == 0 ? "MASS_GATHERING" : "PUBLIC_ORDER",
                                    "PUBLIC_ORDER", t);
                            signal.riskLevel = 1 + random.nextInt(2);
                            all.add(signal);
                        }
                    }
                }
            }
        }
        long day2 = T0 + 2 * DAY + 9 * HOUR + 30 * MINUTE;
        for (int i = 0; i < 4; i++) {
            all.add(AssessFixtures.massGathering("r1-" + i, A, day2 + i * 50 * MINUTE));
        }
        long day1 = T0 + DAY + 8 * HOUR;
        all.addAll(gridItem("r3-g", B, "DISPUTE", day1, 3 * DAY));
        all.addAll(complaint("r3-h1", "r3-c1", B, "DISPUTE", day1 + 3 * HOUR, 3 * DAY));
        all.addAll(complaint("r3-h2", "r3-c2", B, "DISPUTE", day1 + 9 * HOUR, 3 * DAY));
        ItemTransition call = AssessFixtures.police("r3-p", B, "DISPUTE_CALL", "DISPUTE", day1 + 20 * HOUR);
        all.add(call);
        long surge = T0 + 4 * DAY + 14 * HOUR;
        for (int i = 0; i < 25; i++) {
            all.addAll(gridItem("r2-" + i, C, "SANITATION_CITYSCAPE", surge + i * 2 * MINUTE, 10 * HOUR));
        }
        for (int i = 0; i < 3; i++) {
            all.addAll(complaint("r4-" + i, "r4-caller", C, "PUBLIC_FACILITIES", T0 + DAY + i * 6 * HOUR, 4 * DAY));
        }
        long day3 = T0 + 3 * DAY + 10 * HOUR;
        ItemTransition severe = AssessFixtures.police("r6-p", A, "PUBLIC_ORDER", "PUBLIC_ORDER", day3);
        severe.riskLevel = 4;
        all.add(severe);
        all.add(AssessFixtures.massGathering("r6-m", B, day3 + 10 * MINUTE));
        for (int i = 0; i < 4; i++) {
            all.addAll(gridItem("r6-d" + i, i % 2 == 0 ? A : B, "DISPUTE", day3 + (20 + i) * MINUTE, 5 * HOUR));
        }
        return all;
    }

    private static List<ItemTransition> gridItem(String id, String community, String group, long at, long closeAfter) {
        ItemTransition collected = AssessFixtures.grid(id, community, group, at);
        collected.gridCode = community + "001";
        collected.resolveDueAt = at + DAY;
        collected.dispatchDueAt = at + HOUR;
        ItemTransition assigned = next(collected, "COLLECTED", "ASSIGNED", at + 30 * MINUTE);
        ItemTransition closed = next(collected, "ASSIGNED", "CLOSED", at + 30 * MINUTE + closeAfter);
        return List.of(collected, assigned, closed);
    }

    private static List<ItemTransition> complaint(String id, String caller, String community, String group, long at, long closeAfter) {
        ItemTransition received = AssessFixtures.hotline(id, caller, community, group, "COMPLAINT", at);
        received.resolveDueAt = at + 2 * DAY;
        ItemTransition closed = next(received, "RECEIVED", "CLOSED", at + 20 * MINUTE + closeAfter);
        closed.satisfaction = closeAfter % 3 == 0 ? "UNSATISFIED" : "SATISFIED";
        return List.of(received, closed);
    }

    private static ItemTransition next(ItemTransition first, String previous, String state, long at) {
        ItemTransition t = AssessFixtures.hotline(first.itemId, first.personKeys.isEmpty() ? "" : first.personKeys.get(0), first.communityCode,
                first.matterGroup, first.requestType, previous, state, at);
        t.source = first.source;
        t.personKeys = first.personKeys;
        t.gridCode = first.gridCode;
        t.resolveDueAt = first.resolveDueAt;
        t.dispatchDueAt = first.dispatchDueAt;
        return t;
    }

    /**
     * The arrival order: by event time, or (with {@code random}) by event time plus a random delay under
     * half the bound, each item's transitions kept in order.
     */
    private static List<ItemTransition> arrivals(List<ItemTransition> world, Random random) {
        List<ItemTransition> sorted = new ArrayList<>(world);
        sorted.sort(Comparator.comparingLong((ItemTransition t) -> t.occurredAt).thenComparing(t -> t.itemId));
        if (random == null) {
            return sorted;
        }
        Map<ItemTransition, Long> key = new HashMap<>();
        Map<String, Long> lastOfItem = new HashMap<>();
        for (ItemTransition t : sorted) {
            long arrival = Math.max(t.occurredAt + random.nextLong(BOUND / 2), lastOfItem.getOrDefault(t.itemId, Long.MIN_VALUE) + 1);
            key.put(t, arrival);
            lastOfItem.put(t.itemId, arrival);
        }
        sorted.sort(Comparator.comparingLong(key::get));
        return sorted;
    }

    /** One rule's operator in a harness, with what it accepts and how it is keyed. */
    private record Stage<O>(KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, O> harness, Predicate<ItemTransition> accepts) {
        static <O> Stage<O> of(KeyedProcessFunction<String, ItemTransition, O> function, KeySelector<ItemTransition, String> key,
                Predicate<ItemTransition> accepts) throws Exception {
            var harness = new KeyedOneInputStreamOperatorTestHarness<String, ItemTransition, O>(new KeyedProcessOperator<>(function), key, Types.STRING);
            harness.setup();
            harness.open();
            return new Stage<>(harness, accepts);
        }

        void send(ItemTransition t, long timestamp) throws Exception {
            if (accepts.test(t)) {
                harness.processElement(t, timestamp);
            }
        }
    }

    /** Every warning change the rules emit for the arrivals, driven as the assess clock drives them, then to the end of every window. */
    private static List<WarningChange> run(List<ItemTransition> arrivals) throws Exception {
        List<Stage<WarningChange>> rules = List.of(
                Stage.of(new MassGatheringRule(RULES), MassGatheringRule::key, MassGatheringRule::accepts),
                Stage.of(new AnomalyRule(RULES), t -> t.communityCode, AnomalyRule::accepts),
                Stage.of(new ConvergenceRule(RULES), ConvergenceRule::key, ConvergenceRule::accepts),
                Stage.of(new RepeatCallerRule(RULES), RepeatCallerRule::key, RepeatCallerRule::accepts),
                Stage.of(new OverdueRule(RULES), t -> t.itemId, OverdueRule::accepts));
        Stage<AreaHourlyRow> streets = Stage.of(new AreaHours(RULES, "STREET"), t -> AreaHours.key(t, "STREET"), t -> AreaHours.accepts(t, "STREET"));
        long newest = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        long nextHourEnd = T0 + HOUR;
        for (ItemTransition t : arrivals) {
            assertTrue(t.occurredAt > watermark, "within the bound: " + t + " arrives after the clock passed it");
            for (Stage<WarningChange> rule : rules) {
                rule.send(t, t.occurredAt);
            }
            streets.send(t, t.occurredAt);
            newest = Math.max(newest, t.occurredAt);
            long next = Math.floorDiv(newest - BOUND, STEP) * STEP;
            if (next > watermark) {
                watermark = next;
                nextHourEnd = advance(rules, streets, watermark, nextHourEnd);
            }
        }
        long end = newest + 40 * DAY;
        for (long w = watermark + HOUR; w <= end; w += HOUR) {
            nextHourEnd = advance(rules, streets, w, nextHourEnd);
        }
        List<WarningChange> changes = new ArrayList<>();
        for (Stage<WarningChange> rule : rules) {
            changes.addAll(rule.harness().extractOutputValues());
            assertEquals(0, rule.harness().numEventTimeTimers(), "no timer left at the end of every window");
        }
        streets.harness().getSideOutput(AreaHours.WARNINGS).stream().map(StreamRecord::getValue).forEach(changes::add);
        return changes;
    }

    /** Ticks for the hours ending by {@code watermark}, then the watermark, as the assess clock emits them. */
    private static long advance(List<Stage<WarningChange>> rules, Stage<AreaHourlyRow> streets, long watermark, long nextHourEnd) throws Exception {
        while (nextHourEnd <= watermark) {
            long hour = nextHourEnd - HOUR;
            for (String community : COMMUNITIES) {
                rules.get(1).send(ItemTransition.tick("COMMUNITY", community, hour), hour);
            }
            for (String street : STREETS) {
                streets.send(ItemTransition.tick("STREET", street, hour), hour);
            }
            nextHourEnd += HOUR;
        }
        for (Stage<WarningChange> rule : rules) {
            rule.harness().processWatermark(watermark);
        }
        streets.harness().processWatermark(watermark);
        return nextHourEnd;
    }

    /**
     * Per rule, the warnings sorted: each as its area, the highest level it reached and its CLEARED change
     * (when its episode ended, its evidence, counts, thresholds, routing and summary); withdrawn ones left out.
     */
    private static Map<String, List<String>> warnings(List<WarningChange> changes) {
        Map<String, List<WarningChange>> byWarning = new LinkedHashMap<>();
        for (WarningChange change : changes) {
            byWarning.computeIfAbsent(change.warningId, id -> new ArrayList<>()).add(change);
        }
        Map<String, List<String>> byRule = new TreeMap<>();
        for (List<WarningChange> warning : byWarning.values()) {
            WarningChange cleared = warning.get(warning.size() - 1);
            assertEquals("CLEARED", cleared.status, "every warning clears by the end: " + warning);
            if (cleared.summary.contains("withdrawn")) {
                assertEquals(warning.get(0).changedAt, cleared.changedAt, "withdrawn at the instant it opened");
                continue;
            }
            String highest = warning.stream().map(c -> c.level).max(Comparator.comparingInt(ShuffledArrivalTest::rank)).orElseThrow();
            String rendered = AssessFixtures.render(List.of(cleared)).get(0).replaceFirst("^\\S+#\\d+ ", "");
            byRule.computeIfAbsent(cleared.rule, rule -> new ArrayList<>()).add(cleared.areaCode + " highest " + highest + " | " + rendered);
        }
        byRule.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        return byRule;
    }

    private static int rank(String level) {
        return List.of("BLUE", "YELLOW", "ORANGE", "RED").indexOf(level);
    }
}
