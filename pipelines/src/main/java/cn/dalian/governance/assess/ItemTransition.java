package cn.dalian.governance.assess;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A conformed item transition as the assess job sees it: the fields of {@code gov.items.v1}
 * ({@link cn.dalian.governance.avro.Item}) the aggregates and rules use; Flink serializes it with
 * {@link ItemTransitionSerializer}.
 *
 * <p>The same type carries the assess clock's hour ticks ({@link #tick}): source {@value #TICK}, the
 * area in {@code communityCode} or {@code streetCode}, {@code occurredAt} the start of the hour that has
 * just become final. They travel in the same stream as the transitions, so an operator sees them in
 * the same order on every run.
 */
@TypeInfo(ItemTransitionSerializer.Factory.class)
public final class ItemTransition {
    /** The source of an hour tick. */
    public static final String TICK = "TICK";

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
        return previousState == null && !isTick();
    }

    /** Whether this is an hour tick of the assess clock, not a transition. */
    public boolean isTick() {
        return TICK.equals(source);
    }

    /** The tick saying that the hour starting at {@code hourStart} is final for the community or street {@code areaCode}. */
    public static ItemTransition tick(String areaLevel, String areaCode, long hourStart) {
        ItemTransition t = new ItemTransition();
        t.source = TICK;
        t.occurredAt = hourStart;
        if ("COMMUNITY".equals(areaLevel)) {
            t.communityCode = areaCode;
        } else if ("STREET".equals(areaLevel)) {
            t.streetCode = areaCode;
        } else {
            throw new IllegalArgumentException("hour ticks are for communities and streets, not " + areaLevel);
        }
        return t;
    }

    @Override
    public String toString() {
        if (isTick()) {
            return "Tick{" + (communityCode != null ? communityCode : streetCode) + " hour " + occurredAt + "}";
        }
        return "ItemTransition{" + itemId + " " + previousState + "->" + state + " at " + occurredAt + " in " + communityCode + "}";
    }
}
