package cn.dalian.governance.assess;

import java.util.List;

/**
 * A conformed item transition as the assess job sees it: the fields of {@code gov.items.v1}
 * ({@link cn.dalian.governance.avro.Item}) the aggregates and rules use. Flink POJO (public fields).
 */
public final class ItemTransition {
    public String itemId;
    public String eventId;
    /** GRID, HOTLINE or POLICE. */
    public String source;
    /** Event time, epoch millis. */
    public long occurredAt;
    public String state;
    /** Null for an item's first transition. */
    public String previousState;
    public String gridCode;
    public String communityCode;
    public String streetCode;
    public String districtCode;
    public String matterCode;
    public String matterGroup;
    public String urgency;
    /** Hotline: COMPLAINT, REQUEST, INQUIRY, REPORT, SUGGESTION. */
    public String requestType;
    /** Pseudonyms of the persons or the caller (the caller's phone first for hotline cases). */
    public List<String> personKeys;
    /** Hotline satisfaction at closing, or null. */
    public String satisfaction;
    /** Police: signal type and risk level 1-4; null otherwise. */
    public String signalType;
    public Integer riskLevel;
    /** SLA deadlines (epoch millis) from the catalogue, 0 if none. */
    public long dispatchDueAt;
    public long resolveDueAt;
    public boolean offList;

    public ItemTransition() {}

    /** An item's first transition: a new item. */
    public boolean isNew() {
        return previousState == null;
    }

    @Override
    public String toString() {
        return "ItemTransition{" + itemId + " " + previousState + "->" + state + " at " + occurredAt + " in " + communityCode + "}";
    }
}
