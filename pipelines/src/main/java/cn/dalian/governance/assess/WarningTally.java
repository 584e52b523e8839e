package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.WarningLevel;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many warnings each rule raised in a period, from the warning state changes of gov.warning: on a
 * simulated week without scenario incidents every one of them is a false alarm (R5 excepted: it
 * supervises items that really are overdue). A warning counts if it opened in the period; only the
 * changes inside the period count (updates, clearing, the highest level reached): after the end of a
 * replayed period the data has run out, and a bounded job's final watermark fires every deadline still
 * pending, which says nothing about the rules. Immutable; built with {@link #builder}.
 */
public final class WarningTally {
    /** Every rule, in order, with its name (DESIGN §7). */
    public static final Map<String, String> RULES = ruleNames();

    /** One rule's count over the period. */
    public record RuleCount(String rule, String name, long opened, long areas, SortedMap<String, Long> highestLevels, long updates, long cleared) {
        public RuleCount {
            requireNonNull(rule, "rule");
            requireNonNull(name, "name");
            highestLevels = new TreeMap<>(highestLevels);
        }
    }

    private final Instant from;
    private final Instant to;
    private final List<RuleCount> rules;

    private WarningTally(Instant from, Instant to, List<RuleCount> rules) {
        this.from = requireNonNull(from, "from");
        this.to = requireNonNull(to, "to");
        this.rules = List.copyOf(rules);
    }

    public static Builder builder(Instant from, Instant to) {
        return new Builder(from, to);
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    /** One row per rule R1..R6, zeros included. */
    public List<RuleCount> rules() {
        return rules;
    }

    public RuleCount rule(String rule) {
        return rules.stream().filter(count -> count.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule " + rule));
    }

    public long opened() {
        return rules.stream().mapToLong(RuleCount::opened).sum();
    }

    /**
     * The table {@code platform false-alarms} prints: per rule the warnings opened, per day, the areas,
     * the highest levels reached, updates, cleared and still open at the end of the period.
     */
    public void print(PrintStream out) {
        double days = (to.toEpochMilli() - from.toEpochMilli()) / 86_400_000.0;
        String format = "%-4s %-20s %7s %8s %6s  %-24s %7s %7s %6s  %s%n";
        out.printf(format, "rule", "name", "opened", "per day", "areas", "highest level reached", "updates", "cleared", "open", "");
        for (RuleCount count : rules) {
            String[] name = count.name().split(" (?=\\p{IsHan})", 2);
            out.printf(format, count.rule(), name[0], count.opened(), String.format("%.1f", count.opened() / days), count.areas(),
                    count.highestLevels().isEmpty() ? "-" : levels(count.highestLevels()), count.updates(), count.cleared(),
                    count.opened() - count.cleared(), name.length > 1 ? name[1] : "");
        }
        out.printf(format, "all", "", opened(), String.format("%.1f", opened() / days), "", "", "", "", "", "");
    }

    private static String levels(SortedMap<String, Long> levels) {
        List<String> parts = new ArrayList<>();
        for (WarningLevel level : WarningLevel.values()) {
            Long count = levels.get(level.name());
            if (count != null) {
                parts.add(level + " " + count);
            }
        }
        return String.join(", ", parts);
    }

    private static Map<String, String> ruleNames() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("R1", "mass gathering 群体聚集");
        rules.put("R2", "anomaly 异常激增");
        rules.put("R3", "convergence 多源汇聚");
        rules.put("R4", "repeat caller 重复来电");
        rules.put("R5", "overdue supervision 超期督办");
        rules.put("R6", "stability drop 稳定指数下降");
        return Map.copyOf(rules);
    }

    /** Collects warning state changes, in any order. */
    public static final class Builder {
        private final Instant from;
        private final Instant to;
        private final Map<String, Warning> warnings = new HashMap<>();

        private Builder(Instant from, Instant to) {
            this.from = requireNonNull(from, "from");
            this.to = requireNonNull(to, "to");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("the period must end after it starts: " + from + " .. " + to);
            }
        }

        /** One row of gov.warning: status OPENED, UPDATED or CLEARED. */
        public Builder add(String warningId, String rule, String areaCode, String status, String level, Instant changedAt) {
            if (!RULES.containsKey(rule)) {
                throw new IllegalArgumentException("unknown rule '" + rule + "' of warning " + warningId);
            }
            WarningLevel reached = WarningLevel.valueOf(level);
            if (!"OPENED".equals(status) && !"UPDATED".equals(status) && !"CLEARED".equals(status)) {
                throw new IllegalArgumentException("unknown status '" + status + "' of warning " + warningId);
            }
            if (changedAt.isBefore(from) && !"OPENED".equals(status) || !changedAt.isBefore(to)) {
                return this; // outside the period: after its end the data may simply have run out
            }
            Warning warning = warnings.computeIfAbsent(warningId, id -> new Warning(rule, areaCode));
            switch (status) {
                case "OPENED" -> warning.openedAt = changedAt;
                case "UPDATED" -> warning.updates++;
                case "CLEARED" -> warning.cleared = true;
                default -> throw new IllegalArgumentException("unknown status '" + status + "' of warning " + warningId);
            }
            if (!"CLEARED".equals(status) && (warning.highestLevel == null || reached.compareTo(warning.highestLevel) > 0)) {
                warning.highestLevel = reached;
            }
            return this;
        }

        public WarningTally build() {
            List<RuleCount> counts = new ArrayList<>();
            for (Map.Entry<String, String> rule : new TreeMap<>(RULES).entrySet()) {
                long opened = 0;
                long updates = 0;
                long cleared = 0;
                Set<String> areas = new HashSet<>();
                SortedMap<String, Long> levels = new TreeMap<>();
                for (Warning warning : warnings.values()) {
                    if (!warning.rule.equals(rule.getKey()) || warning.openedAt == null
                            || warning.openedAt.isBefore(from) || !warning.openedAt.isBefore(to)) {
                        continue;
                    }
                    opened++;
                    updates += warning.updates;
                    cleared += warning.cleared ? 1 : 0;
                    areas.add(warning.areaCode);
                    levels.merge(warning.highestLevel.name(), 1L, Long::sum);
                }
                counts.add(new RuleCount(rule.getKey(), rule.getValue(), opened, areas.size(), levels, updates, cleared));
            }
            return new WarningTally(from, to, counts);
        }
    }

    private static final class Warning {
        final String rule;
        final String areaCode;
        Instant openedAt;
        WarningLevel highestLevel;
        long updates;
        boolean cleared;

        Warning(String rule, String areaCode) {
            this.rule = rule;
            this.areaCode = areaCode;
        }
    }
}
