package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.assess.AssessmentRules.Component;
import cn.dalian.governance.assess.StabilityScore.Band;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * R6 stability drop (稳定指数下降, DESIGN §7), keyed by street code ({@link #key}): takes the street's
 * hourly {@link StabilityRow}s and keeps a warning at {@code r6.level} (ORANGE) open while the street's
 * band is HIGH_RISK (高风险). The warning is the street's own (area level STREET) and is routed to the
 * street itself; its evidence is the row's window, the items behind the row, its counts and the
 * thresholds of the index. Per {@link WarningBook}: OPENED when the band becomes HIGH_RISK, UPDATED
 * only when the evidence grows (more items behind the index than last published), CLEARED at the first
 * row out of HIGH_RISK. The change is stamped with the row's hour end. State: only the open warning.
 */
public final class StabilityDropRule extends KeyedProcessFunction<String, StabilityRow, WarningChange> {
    public static final String RULE = "R6";
    static final String STREET = "STREET";
    private static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final long HOUR = 3_600_000L;

    private final AssessmentRules rules;
    private transient String level;
    private transient long window;
    private transient ValueState<OpenWarning> warning;

    public StabilityDropRule(AssessmentRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** Whether R6 looks at the row: a street's. */
    public static boolean accepts(StabilityRow row) {
        return STREET.equals(row.areaLevel) && row.areaCode != null;
    }

    /** The key R6 runs by: the street code. */
    public static String key(StabilityRow row) {
        return String.valueOf(row.areaCode);
    }

    @Override
    public void open(OpenContext context) {
        level = rules.r6Level();
        window = rules.stabilityWindow().toMillis();
        warning = getRuntimeContext().getState(new ValueStateDescriptor<>("r6-warning", OpenWarning.class));
    }

    @Override
    public void processElement(StabilityRow row, Context ctx, Collector<WarningChange> out) throws Exception {
        if (!accepts(row)) {
            return;
        }
        OpenWarning open = warning.value();
        boolean highRisk = Band.HIGH_RISK.name().equals(row.band);
        if (!highRisk && open == null) {
            return;
        }
        String street = ctx.getCurrentKey();
        long at = row.hourStart + HOUR;
        Evidence evidence = new Evidence(at - window, at, row.itemIds == null ? List.of() : row.itemIds, counts(row), thresholds(),
                street, STREET, street, summary(street, row, highRisk, at));
        WarningBook.Decision decision = WarningBook.judge(RULE, street, STREET, open, highRisk ? level : null, at, evidence);
        if (decision.change() != null) {
            out.collect(decision.change());
        }
        if (decision.next() == null) {
            warning.clear();
        } else {
            warning.update(decision.next());
        }
    }

    private static Map<String, Long> counts(StabilityRow row) {
        Map<String, Long> counts = new TreeMap<>();
        counts.put("population", row.population);
        counts.put("disputes", row.disputes);
        counts.put("overdue", row.overdue);
        counts.put("policeSignals", row.policeSignals);
        counts.put("policeRiskWeight", Math.round(row.policeRiskWeight));
        counts.put("complaints", row.complaints);
        counts.put("repeatComplaints", row.repeatComplaints);
        counts.put("massGatheringSignals", row.massGatheringSignals);
        counts.put("ratedClosings", row.rated);
        counts.put("unsatisfiedClosings", row.unsatisfied);
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

    private String summary(String street, StabilityRow row, boolean highRisk, long at) {
        String end = TIME.format(Instant.ofEpochMilli(at).atZone(CITY));
        long hours = window / HOUR;
        if (!highRisk) {
            return String.format(Locale.ROOT, "街道%s近%d小时稳定指数%.2f（%s），高于%.0f，预警解除 / stability index of street %s over %d h to %s Asia/Shanghai is %.2f (%s), no longer below %.0f: cleared",
                    street, hours, row.index, row.bandLabel, rules.bandAttention(), street, hours, end, row.index, row.band, rules.bandAttention());
        }
        return String.format(Locale.ROOT, "街道%s近%d小时稳定指数%.2f（%s），低于%.0f，%s预警 / stability index of street %s over %d h to %s Asia/Shanghai is %.2f (%s), below %.0f: %s, routed to street %s; %s",
                street, hours, row.index, row.bandLabel, rules.bandAttention(), levelLabel(level), street, hours, end, row.index, row.band,
                rules.bandAttention(), level.toLowerCase(Locale.ROOT), street, contributions(row));
    }

    /** The index points each component takes off, for the summary. */
    private static String contributions(StabilityRow row) {
        return String.format(Locale.ROOT, "points off: disputes −%.2f, overdue −%.2f, police risk −%.2f, complaints −%.2f, mass gathering −%.2f, unsatisfied −%.2f",
                row.disputesContribution, row.overdueContribution, row.policeRiskContribution, row.complaintsContribution,
                row.massGatheringContribution, row.unsatisfiedContribution);
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
