package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.assess.AssessmentRules.Component;
import cn.dalian.governance.assess.StabilityScore.Band;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.util.Collector;

/**
 * R6 stability drop (稳定指数下降, DESIGN §7), for one street, inside the street's {@link AreaHours}
 * (keyed by street code, so that it sees the street's index as each transition arrives): a warning at
 * {@code r6.level} (ORANGE) while the street's stability index over the trailing 24 h is in the band
 * HIGH_RISK (高风险).
 * <ul>
 *   <li>Opens at once when an arriving transition takes the index into HIGH_RISK counting, over the 24
 *       hours up to the newest hour seen, only what can only grow — new disputes, police risk,
 *       complaints, mass gatherings — so that the hour's final row must agree; or at an hour's row that
 *       is high risk with every component (overdue items and unsatisfied ratings as they stand at the
 *       hour's end, where a close or a satisfied rating that arrived late is in).</li>
 *   <li>Updated at the end of each hour (the hourly row, final once the clock passes the hour) when the
 *       items behind the index changed; cleared at the first hourly row, from the window that opened it
 *       on, out of HIGH_RISK.</li>
 * </ul>
 * The warning is the street's own (area level STREET), routed to the street itself; its evidence is the
 * index's window, the items behind it (at most {@value AreaHours#EVIDENCE_CAP}), its counts and the
 * thresholds of the index. Keyed state: only the open warning.
 */
final class StabilityDropRule {
    static final String RULE = "R6";
    static final String STREET = "STREET";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final long HOUR = 3_600_000L;

    private final AssessmentRules rules;
    private final String level;
    private final long window;
    private final ValueState<OpenWarning> warning;

    StabilityDropRule(RuntimeContext context, AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
        this.level = rules.r6Level();
        this.window = rules.stabilityWindow().toMillis();
        this.warning = context.getState(new ValueStateDescriptor<>("r6-warning", OpenWarning.class));
    }

    boolean isOpen() throws Exception {
        return warning.value() != null;
    }

    /** Whether {@link #onArrival} opens a warning at {@code score}: none is open and the score is high risk. */
    boolean opensOn(StabilityScore score) throws Exception {
        return warning.value() == null && score.band() == Band.HIGH_RISK;
    }

    /** An arriving transition left the street's index at {@code score} for the window ending at {@code windowEnd}: opens if it is high risk. */
    void onArrival(String street, StabilityScore score, long windowEnd, long at, List<String> itemIds, Collector<WarningChange> out) throws Exception {
        if (warning.value() != null || score.band() != Band.HIGH_RISK) {
            return;
        }
        OpenWarning opened = new OpenWarning();
        opened.episodeStart = windowEnd;
        out.collect(WarningBook.open(opened, RULE, street, STREET, RULE + ":" + street + ":" + at, level, at,
                evidence(street, score, windowEnd, itemIds, true, at)));
        warning.update(opened);
    }

    /** The hour ending at {@code hourEnd} is final with {@code row}: opens, updates or clears. */
    void onHour(String street, StabilityRow row, StabilityScore score, long hourEnd, Collector<WarningChange> out) throws Exception {
        OpenWarning open = warning.value();
        boolean highRisk = score.band() == Band.HIGH_RISK;
        if (open == null && !highRisk || open != null && hourEnd < open.episodeStart) {
            return; // nothing to open, or a row older than the window that opened the warning
        }
        Evidence evidence = evidence(street, score, hourEnd, row.itemIds, highRisk, hourEnd);
        if (open == null) {
            OpenWarning opened = new OpenWarning();
            opened.episodeStart = hourEnd;
            out.collect(WarningBook.open(opened, RULE, street, STREET, RULE + ":" + street + ":" + hourEnd, level, hourEnd, evidence));
            warning.update(opened);
        } else if (highRisk) {
            WarningChange change = WarningBook.update(open, RULE, level, hourEnd, evidence);
            if (change != null) {
                out.collect(change);
                warning.update(open);
            }
        } else {
            out.collect(WarningBook.clear(open, RULE, level, hourEnd, evidence));
            warning.clear();
        }
    }

    private Evidence evidence(String street, StabilityScore score, long windowEnd, List<String> itemIds, boolean highRisk, long at) {
        return new Evidence(windowEnd - window, windowEnd, itemIds == null ? List.of() : itemIds, counts(score), thresholds(),
                street, STREET, street, summary(street, score, highRisk, windowEnd));
    }

    private static Map<String, Long> counts(StabilityScore score) {
        ComponentRates c = score.counts();
        Map<String, Long> counts = new TreeMap<>();
        counts.put("population", score.population());
        counts.put("disputes", c.disputes());
        counts.put("overdue", c.overdue());
        counts.put("policeSignals", c.policeSignals());
        counts.put("policeRiskWeight", Math.round(c.policeRiskWeight()));
        counts.put("complaints", c.complaints());
        counts.put("repeatComplaints", c.repeatComplaints());
        counts.put("massGatheringSignals", c.massGatheringSignals());
        counts.put("ratedClosings", c.rated());
        counts.put("unsatisfiedClosings", c.unsatisfied());
        return counts;
    }

    private Map<String, Double> thresholds() {
        Map<String, Double> thresholds = new TreeMap<>();
        thresholds.put("disputesPer10k", rules.threshold(Component.DISPUTES));
        thresholds.put("overduePer10k", rules.threshold(Component.OVERDUE));
        thresholds.put("policeRiskPer10k", rules.threshold(Component.POLICE_RISK));
        thresholds.put("complaintsPer10k", rules.threshold(Component.COMPLAINTS));
        thresholds.put("massGatheringPer10k", rules.threshold(Component.MASS_GATHERING));
        thresholds.put("unsatisfiedShare", rules.threshold(Component.UNSATISFIED));
        thresholds.put("repeatComplaintFactor", rules.repeatComplaintFactor());
        thresholds.put("highRiskBelow", rules.bandAttention());
        thresholds.put("windowHours", (double) window / HOUR);
        return thresholds;
    }

    private String summary(String street, StabilityScore score, boolean highRisk, long windowEnd) {
        String end = TIME.format(Instant.ofEpochMilli(windowEnd).atZone(MassGatheringRule.CITY));
        long hours = window / HOUR;
        if (!highRisk) {
            return String.format(Locale.ROOT, "街道%s近%d小时稳定指数%.2f（%s），不低于%.0f，预警解除 / stability index of street %s over %d h to %s Asia/Shanghai is %.2f (%s), no longer below %.0f: cleared",
                    street, hours, score.index(), score.band().label(), rules.bandAttention(), street, hours, end, score.index(), score.band().name(), rules.bandAttention());
        }
        return String.format(Locale.ROOT, "街道%s近%d小时稳定指数%.2f（%s），低于%.0f，%s预警 / stability index of street %s over %d h to %s Asia/Shanghai is %.2f (%s), below %.0f: %s, routed to street %s; %s",
                street, hours, score.index(), score.band().label(), rules.bandAttention(), levelLabel(level), street, hours, end, score.index(), score.band().name(),
                rules.bandAttention(), level.toLowerCase(Locale.ROOT), street, contributions(score));
    }

    /** The index points each component takes off, for the summary. */
    private static String contributions(StabilityScore score) {
        return String.format(Locale.ROOT, "points off: disputes −%.2f, overdue −%.2f, police risk −%.2f, complaints −%.2f, mass gathering −%.2f, unsatisfied −%.2f",
                score.component(Component.DISPUTES).contribution(), score.component(Component.OVERDUE).contribution(),
                score.component(Component.POLICE_RISK).contribution(), score.component(Component.COMPLAINTS).contribution(),
                score.component(Component.MASS_GATHERING).contribution(), score.component(Component.UNSATISFIED).contribution());
    }

    private static String levelLabel(String level) {
        return switch (level) {
            case "BLUE" -> "蓝色";
            case "YELLOW" -> "黄色";
            case "ORANGE" -> "橙色";
            case "RED" -> "红色";
            default -> level;
        };
    }
}
