package cn.dalian.governance.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A state change of a risk warning on its way through the assess job; becomes a
 * {@link cn.dalian.governance.avro.Warning} at the sinks. Flink POJO (public fields).
 */
public final class WarningChange {
    /** R1 ... R6. */
    public String rule;
    public String areaCode;
    /** COMMUNITY, STREET, ... */
    public String areaLevel;
    /** BLUE, YELLOW, ORANGE, RED. */
    public String level;
    /** OPENED, UPDATED, CLEARED. */
    public String status;
    /** Stable over the warning's life: rule, area and the event time it opened. */
    public String warningId;
    /** 1 for OPENED, one more per change: with the id, it identifies the change (Warning.avsc's consumer contract). */
    public long seq;
    public long changedAt;
    public long windowStart;
    public long windowEnd;
    public String routedToStreet;
    public String routedToLevel;
    public String routedToArea;
    public List<String> itemIds = new ArrayList<>();
    public Map<String, Long> counts = new TreeMap<>();
    public Map<String, Double> thresholds = new TreeMap<>();
    public String summary;

    public WarningChange() {}

    @Override
    public String toString() {
        return rule + " " + status + "#" + seq + " " + level + " " + areaCode + " at " + changedAt + " (" + summary + ")";
    }
}
