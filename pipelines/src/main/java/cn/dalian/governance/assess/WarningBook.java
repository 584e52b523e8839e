package cn.dalian.governance.assess;

import java.util.ArrayList;
import java.util.TreeMap;

/**
 * One open warning per (rule, area) (DESIGN §7): given the open warning (or none) and a rule's new
 * judgement (a level, or null when the condition has ended), decides the state change to publish —
 * OPENED, UPDATED (level changed or evidence grew) or CLEARED — or none when nothing changed.
 */
public final class WarningBook {
    private WarningBook() {}

    /** The decision: the change to emit (null if none) and the open warning to keep (null once cleared). */
    public record Decision(WarningChange change, OpenWarning next) {}

    public static Decision judge(String rule, String areaCode, String areaLevel, OpenWarning open, String level, long at, Evidence evidence) {
        if (level == null) {
            if (open == null) {
                return new Decision(null, null);
            }
            return new Decision(change(rule, areaCode, areaLevel, open.warningId, open.level, "CLEARED", at, evidence), null);
        }
        if (open == null) {
            OpenWarning next = new OpenWarning();
            next.warningId = rule + ":" + areaCode + ":" + at;
            next.level = level;
            next.openedAt = at;
            next.evidenceSize = evidence.itemIds().size();
            return new Decision(change(rule, areaCode, areaLevel, next.warningId, level, "OPENED", at, evidence), next);
        }
        if (level.equals(open.level) && evidence.itemIds().size() <= open.evidenceSize) {
            return new Decision(null, open);
        }
        OpenWarning next = new OpenWarning();
        next.warningId = open.warningId;
        next.level = level;
        next.openedAt = open.openedAt;
        next.evidenceSize = Math.max(open.evidenceSize, evidence.itemIds().size());
        return new Decision(change(rule, areaCode, areaLevel, open.warningId, level, "UPDATED", at, evidence), next);
    }

    private static WarningChange change(String rule, String areaCode, String areaLevel, String warningId, String level, String status, long at, Evidence evidence) {
        WarningChange change = new WarningChange();
        change.rule = rule;
        change.areaCode = areaCode;
        change.areaLevel = areaLevel;
        change.level = level;
        change.status = status;
        change.warningId = warningId;
        change.changedAt = at;
        change.windowStart = evidence.windowStart();
        change.windowEnd = evidence.windowEnd();
        change.routedToStreet = evidence.routedToStreet();
        change.routedToLevel = evidence.routedToLevel();
        change.routedToArea = evidence.routedToArea();
        change.itemIds = new ArrayList<>(evidence.itemIds());
        change.counts = new TreeMap<>(evidence.counts());
        change.thresholds = new TreeMap<>(evidence.thresholds());
        change.summary = evidence.summary();
        return change;
    }
}
