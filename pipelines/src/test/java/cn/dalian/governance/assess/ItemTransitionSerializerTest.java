package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ItemTransitionSerializerTest {
    private static ItemTransition roundTrip(ItemTransition t) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ItemTransitionSerializer.INSTANCE.serialize(t, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        ItemTransition back = ItemTransitionSerializer.INSTANCE.deserialize(in);
        assertEquals(0, in.available(), "every byte read");
        return back;
    }

    /** Every field, as text, for comparison. */
    private static String fields(ItemTransition t) {
        return Arrays.asList(t.itemId, t.eventId, t.source, t.occurredAt, t.state, t.previousState, t.gridCode, t.communityCode, t.streetCode,
                t.districtCode, t.matterCode, t.matterGroup, t.urgency, t.requestType, t.personKeys, t.satisfaction, t.signalType, t.riskLevel,
                t.dispatchDueAt, t.resolveDueAt, t.offList).toString();
    }

    @Test
    void everyFieldSurvivesTheRoundTripWithNullsAndNonAsciiText() throws Exception {
        ItemTransition full = new ItemTransition();
        full.itemId = "HOTLINE:C-1";
        full.eventId = "e-1";
        full.source = "HOTLINE";
        full.occurredAt = 1_790_000_000_123L;
        full.state = "CLOSED";
        full.previousState = "REPLIED";
        full.gridCode = "210202001001001";
        full.communityCode = "210202001001";
        full.streetCode = "210202001";
        full.districtCode = "210202";
        full.matterCode = "M-01";
        full.matterGroup = "DISPUTE";
        full.urgency = "URGENT";
        full.requestType = "COMPLAINT";
        full.personKeys = Arrays.asList("甲-key", null, "b");
        full.satisfaction = "满意";
        full.signalType = "MASS_GATHERING";
        full.riskLevel = 3;
        full.dispatchDueAt = 1_790_000_100_000L;
        full.resolveDueAt = 1_790_000_200_000L;
        full.offList = true;
        assertEquals(fields(full), fields(roundTrip(full)));

        ItemTransition tick = ItemTransition.tick("STREET", "210202001", 1_790_000_000_000L);
        assertEquals(fields(tick), fields(roundTrip(tick)), "a tick: nearly every field null");
        ItemTransition empty = new ItemTransition();
        empty.personKeys = List.of();
        assertEquals(fields(empty), fields(roundTrip(empty)));
    }

    @Test
    void flinkTakesItsTypeFromTheAnnotation() {
        TypeInformation<ItemTransition> info = TypeInformation.of(ItemTransition.class);
        assertInstanceOf(ItemTransitionSerializer.class, info.createSerializer(new SerializerConfigImpl()));
    }
}
