package cn.dalian.governance.assess;

import cn.dalian.governance.avro.Item;
import java.time.Instant;
import java.util.List;

/** Reads a conformed {@link Item} of {@code gov.items.v1} into the assess job's {@link ItemTransition}. */
public final class ItemTransitions {
    private ItemTransitions() {}

    public static ItemTransition from(Item item) {
        ItemTransition t = new ItemTransition();
        t.itemId = item.getItemId();
        t.eventId = item.getEventId();
        t.source = item.getSource().name();
        t.occurredAt = item.getOccurredAt().toEpochMilli();
        t.state = item.getState();
        t.previousState = item.getPreviousState();
        t.gridCode = item.getGridCode();
        t.communityCode = item.getCommunityCode();
        t.streetCode = item.getStreetCode();
        t.districtCode = item.getDistrictCode();
        t.matterCode = item.getMatterCode();
        t.matterGroup = item.getMatterGroup().name();
        t.urgency = item.getUrgency().name();
        t.requestType = item.getRequestType();
        t.personKeys = List.copyOf(item.getPersonKeys());
        t.satisfaction = item.getSatisfaction();
        t.signalType = item.getSignalType();
        t.riskLevel = item.getRiskLevel();
        t.dispatchDueAt = millis(item.getDispatchDueAt());
        t.resolveDueAt = millis(item.getResolveDueAt());
        t.offList = item.getOffList();
        return t;
    }

    private static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }
}
