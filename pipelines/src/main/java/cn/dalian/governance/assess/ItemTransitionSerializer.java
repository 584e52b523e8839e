package cn.dalian.governance.assess;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link ItemTransition}, which crosses the network once for every rule that keys it
 * (about four times per item): one bitmap of the null fields, then the fields in order, strings as UTF-8
 * bytes with their length. Written by hand because Flink's reflective POJO serializer, writing strings
 * char by char, was a fifth of the assess job's time.
 */
public final class ItemTransitionSerializer extends TypeSerializerSingleton<ItemTransition> {
    private static final long serialVersionUID = 1L;
    public static final ItemTransitionSerializer INSTANCE = new ItemTransitionSerializer();

    // Bits of the null bitmap, one per nullable field.
    private static final int ITEM_ID = 1;
    private static final int EVENT_ID = 1 << 1;
    private static final int SOURCE = 1 << 2;
    private static final int STATE = 1 << 3;
    private static final int PREVIOUS_STATE = 1 << 4;
    private static final int GRID = 1 << 5;
    private static final int COMMUNITY = 1 << 6;
    private static final int STREET = 1 << 7;
    private static final int DISTRICT = 1 << 8;
    private static final int MATTER = 1 << 9;
    private static final int MATTER_GROUP = 1 << 10;
    private static final int URGENCY = 1 << 11;
    private static final int REQUEST_TYPE = 1 << 12;
    private static final int PERSON_KEYS = 1 << 13;
    private static final int SATISFACTION = 1 << 14;
    private static final int SIGNAL_TYPE = 1 << 15;
    private static final int RISK_LEVEL = 1 << 16;

    private ItemTransitionSerializer() {}

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ItemTransition createInstance() {
        return new ItemTransition();
    }

    @Override
    public ItemTransition copy(ItemTransition from) {
        ItemTransition t = new ItemTransition();
        t.itemId = from.itemId;
        t.eventId = from.eventId;
        t.source = from.source;
        t.occurredAt = from.occurredAt;
        t.state = from.state;
        t.previousState = from.previousState;
        t.gridCode = from.gridCode;
        t.communityCode = from.communityCode;
        t.streetCode = from.streetCode;
        t.districtCode = from.districtCode;
        t.matterCode = from.matterCode;
        t.matterGroup = from.matterGroup;
        t.urgency = from.urgency;
        t.requestType = from.requestType;
        t.personKeys = from.personKeys == null ? null : new ArrayList<>(from.personKeys);
        t.satisfaction = from.satisfaction;
        t.signalType = from.signalType;
        t.riskLevel = from.riskLevel;
        t.dispatchDueAt = from.dispatchDueAt;
        t.resolveDueAt = from.resolveDueAt;
        t.offList = from.offList;
        return t;
    }

    @Override
    public ItemTransition copy(ItemTransition from, ItemTransition reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ItemTransition t, DataOutputView out) throws IOException {
        int nulls = (t.itemId == null ? ITEM_ID : 0) | (t.eventId == null ? EVENT_ID : 0) | (t.source == null ? SOURCE : 0)
                | (t.state == null ? STATE : 0) | (t.previousState == null ? PREVIOUS_STATE : 0) | (t.gridCode == null ? GRID : 0)
                | (t.communityCode == null ? COMMUNITY : 0) | (t.streetCode == null ? STREET : 0) | (t.districtCode == null ? DISTRICT : 0)
                | (t.matterCode == null ? MATTER : 0) | (t.matterGroup == null ? MATTER_GROUP : 0) | (t.urgency == null ? URGENCY : 0)
                | (t.requestType == null ? REQUEST_TYPE : 0) | (t.personKeys == null ? PERSON_KEYS : 0) | (t.satisfaction == null ? SATISFACTION : 0)
                | (t.signalType == null ? SIGNAL_TYPE : 0) | (t.riskLevel == null ? RISK_LEVEL : 0);
        out.writeInt(nulls);
        string(t.itemId, out);
        string(t.eventId, out);
        string(t.source, out);
        out.writeLong(t.occurredAt);
        string(t.state, out);
        string(t.previousState, out);
        string(t.gridCode, out);
        string(t.communityCode, out);
        string(t.streetCode, out);
        string(t.districtCode, out);
        string(t.matterCode, out);
        string(t.matterGroup, out);
        string(t.urgency, out);
        string(t.requestType, out);
        if (t.personKeys != null) {
            out.writeInt(t.personKeys.size());
            for (String key : t.personKeys) {
                out.writeBoolean(key != null);
                string(key, out);
            }
        }
        string(t.satisfaction, out);
        string(t.signalType, out);
        if (t.riskLevel != null) {
            out.writeInt(t.riskLevel);
        }
        out.writeLong(t.dispatchDueAt);
        out.writeLong(t.resolveDueAt);
        out.writeBoolean(t.offList);
    }

    @Override
    public ItemTransition deserialize(DataInputView in) throws IOException {
        int nulls = in.readInt();
        ItemTransition t = new ItemTransition();
        t.itemId = string(nulls, ITEM_ID, in);
        t.eventId = string(nulls, EVENT_ID, in);
        t.source = string(nulls, SOURCE, in);
        t.occurredAt = in.readLong();
        t.state = string(nulls, STATE, in);
        t.previousState = string(nulls, PREVIOUS_STATE, in);
        t.gridCode = string(nulls, GRID, in);
        t.communityCode = string(nulls, COMMUNITY, in);
        t.streetCode = string(nulls, STREET, in);
        t.districtCode = string(nulls, DISTRICT, in);
        t.matterCode = string(nulls, MATTER, in);
        t.matterGroup = string(nulls, MATTER_GROUP, in);
        t.urgency = string(nulls, URGENCY, in);
        t.requestType = string(nulls, REQUEST_TYPE, in);
        if ((nulls & PERSON_KEYS) == 0) {
            int size = in.readInt();
            List<String> keys = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                keys.add(in.readBoolean() ? readString(in) : null);
            }
            t.personKeys = keys;
        }
        t.satisfaction = string(nulls, SATISFACTION, in);
        t.signalType = string(nulls, SIGNAL_TYPE, in);
        t.riskLevel = (nulls & RISK_LEVEL) == 0 ? in.readInt() : null;
        t.dispatchDueAt = in.readLong();
        t.resolveDueAt = in.readLong();
        t.offList = in.readBoolean();
        return t;
    }

    @Override
    public ItemTransition deserialize(ItemTransition reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void string(String value, DataOutputView out) throws IOException {
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static String string(int nulls, int bit, DataInputView in) throws IOException {
        return (nulls & bit) != 0 ? null : readString(in);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public TypeSerializerSnapshot<ItemTransition> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ItemTransition> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Flink's type information of {@link ItemTransition}: this serializer (used through {@code @TypeInfo}). */
    public static final class Factory extends TypeInfoFactory<ItemTransition> {
        @Override
        public TypeInformation<ItemTransition> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new Info();
        }
    }

    /** The type information: not a key type (the rules key by a field), serialized by {@link #INSTANCE}. */
    public static final class Info extends TypeInformation<ItemTransition> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<ItemTransition> getTypeClass() {
            return ItemTransition.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<ItemTransition> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "ItemTransition";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object other) {
            return other instanceof Info;
        }
    }
}
