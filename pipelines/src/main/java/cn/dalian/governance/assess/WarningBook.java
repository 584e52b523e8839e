package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.TreeMap;

/**
 * One open warning per (rule, area) (DESIGN §7) and the changes it goes through: OPENED, UPDATED (its
 * level changed or its evidence did) and CLEARED. Every change carries the warning's id, stable over
 * its life ({@code rule:area:opened-at}, R5 adds the item), and a sequence number: 1 for OPENED and one
 * more for each change after it. The pair identifies a change, which is what lets the warnings go out
 * at least once, before any checkpoint: the assess job is deterministic ({@link ItemClock}), so a
 * change sent again after a restore has the same id, number and content, and a consumer drops it by
 * keeping the highest number per id (the contract in {@code Warning.avsc}). A warning's changes never
 * go back in event time.
 */
public final class WarningBook {
    private WarningBook() {}

    /** Opens a warning: fills {@code opened} and returns its OPENED change. */
    public static WarningChange open(OpenWarning opened, String rule, String areaCode, String areaLevel, String warningId, String level, long at, Evidence evidence) {
        requireNonNull(opened, "opened is null");
        opened.warningId = requireNonNull(warningId, "warningId is null");
        opened.areaCode = requireNonNull(areaCode, "areaCode is null");
        opened.areaLevel = requireNonNull(areaLevel, "areaLevel is null");
        opened.openedAt = at;
        opened.changedAt = at;
        opened.seq = 0;
        return change(opened, rule, level, "OPENED", at, evidence);
    }

    /** The UPDATED change of {@code open} if its level or evidence differs from what was last published, else null. */
    public static WarningChange update(OpenWarning open, String rule, String level, long at, Evidence evidence) {
        requireNonNull(open, "open is null");
        requireNonNull(level, "level is null");
        if (level.equals(open.level) && evidence.itemIds().size() == open.evidenceSize && evidence.itemIds().hashCode() == open.evidenceHash) {
            return null;
        }
        return change(open, rule, level, "UPDATED", at, evidence);
    }

    /** The CLEARED change of {@code open}, the last of the warning; the caller drops its state. */
    public static WarningChange clear(OpenWarning open, String rule, String level, long at, Evidence evidence) {
        requireNonNull(open, "open is null");
        return change(open, rule, level, "CLEARED", at, evidence);
    }

    private static WarningChange change(OpenWarning warning, String rule, String level, String status, long at, Evidence evidence) {
        requireNonNull(level, "level is null");
        requireNonNull(evidence, "evidence is null");
        long changedAt = Math.max(at, warning.changedAt);
        warning.level = level;
        warning.changedAt = changedAt;
        warning.seq++;
        warning.evidenceSize = evidence.itemIds().size();
        warning.evidenceHash = evidence.itemIds().hashCode();
        WarningChange change = new WarningChange();
        change.rule = requireNonNull(rule, "rule is null");
        change.areaCode = warning.areaCode;
        change.areaLevel = warning.areaLevel;
        change.level = level;
        change.status = status;
        change.warningId = warning.warningId;
        change.seq = warning.seq;
        change.changedAt = changedAt;
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
