package cn.dalian.governance.assess;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.avro.AreaLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The {@code gov.area_hourly} rows of the districts and the city, keyed by region code, summed from the
 * streets' rows ({@link AreaHours}): every count of an hour is the sum over the region's streets; the
 * open backlog and overdue count at the hour's end are the sum of each street's latest standing (a street
 * whose row of the hour was not emitted — nothing happened and nothing changed — still stands as it
 * did). A region's row of an hour is emitted when the watermark passes the hour's end, by then every
 * street's row of the hour is in (the streets emit theirs at the clock's hour tick, before the
 * watermark), and only if the hour saw activity or the region's standing changed. A corrected street row
 * (a late transition) emits the region's row again. Repeat complaints add up because every level counts
 * a complaint as a repeat of the same caller in the same community.
 */
public final class RegionRollup extends KeyedProcessFunction<String, RegionRollup.Part, AreaHourlyRow> {
    static final long HOUR = 3_600_000L;

    /** A street's row on its way to one of its regions. Flink POJO. */
    public static final class Part {
        public String regionCode;
        public String regionLevel;
        public AreaHourlyRow street;

        public Part() {}

        Part(String regionCode, String regionLevel, AreaHourlyRow street) {
            this.regionCode = regionCode;
            this.regionLevel = regionLevel;
            this.street = street;
        }
    }

    /** Sends each street row to its district and the city. */
    public static final class Route implements org.apache.flink.api.common.functions.FlatMapFunction<AreaHourlyRow, Part> {
        private static final long serialVersionUID = 1L;
        private transient Map<String, String> districtOfStreet;

        @Override
        public void flatMap(AreaHourlyRow row, Collector<Part> out) {
            if (districtOfStreet == null) {
                AreaRegistry areas = AreaRegistry.loadDefault();
                districtOfStreet = new TreeMap<>();
                for (Area street : areas.atLevel(AreaLevel.STREET)) {
                    districtOfStreet.put(street.code(), areas.ancestor(street, AreaLevel.DISTRICT).code());
                }
            }
            String district = districtOfStreet.get(row.areaCode);
            if (district != null) {
                out.collect(new Part(district, "DISTRICT", row));
            }
            out.collect(new Part(AreaRegistry.CITY_CODE, "CITY", row));
        }
    }

    /** The key: the region. */
    public static String key(Part part) {
        return part.regionCode;
    }

    private transient MapState<String, AreaHourlyRow> rows;
    private transient MapState<String, long[]> standing;
    private transient MapState<String, long[]> emitted;

    @Override
    public void open(OpenContext context) {
        rows = getRuntimeContext().getMapState(new MapStateDescriptor<>("rollup-street-rows", String.class, AreaHourlyRow.class));
        standing = getRuntimeContext().getMapState(new MapStateDescriptor<>("rollup-street-standing", String.class, long[].class));
        emitted = getRuntimeContext().getMapState(new MapStateDescriptor<>("rollup-emitted-standing", String.class, long[].class));
    }

    @Override
    public void processElement(Part part, Context ctx, Collector<AreaHourlyRow> out) throws Exception {
        AreaHourlyRow street = requireNonNull(part.street, "street row");
        rows.put(street.hourStart + "|" + street.matterGroup + "|" + street.areaCode, street);
        long hourEnd = street.hourStart + HOUR;
        if (hourEnd <= ctx.timerService().currentWatermark()) {
            // A corrected street row of an hour already summed: the region's row of that group again.
            out.collect(sum(part.regionCode, part.regionLevel, street.hourStart, street.matterGroup));
        } else {
            ctx.timerService().registerEventTimeTimer(hourEnd);
        }
    }

    @Override
    public void onTimer(long hourEnd, OnTimerContext ctx, Collector<AreaHourlyRow> out) throws Exception {
        long hourStart = hourEnd - HOUR;
        String prefix = hourStart + "|";
        List<String> groups = new ArrayList<>();
        String regionLevel = AreaRegistry.CITY_CODE.equals(ctx.getCurrentKey()) ? "CITY" : "DISTRICT";
        for (String key : rows.keys()) {
            if (key.startsWith(prefix)) {
                String group = key.substring(prefix.length(), key.indexOf('|', prefix.length()));
                if (!groups.contains(group)) {
                    groups.add(group);
                }
                AreaHourlyRow street = rows.get(key);
                standing.put(group + "|" + street.areaCode, new long[] {street.openBacklog, street.overdue});
            }
        }
        for (String key : standing.keys()) {
            String group = key.substring(0, key.indexOf('|'));
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        for (String group : groups) {
            AreaHourlyRow row = sum(ctx.getCurrentKey(), regionLevel, hourStart, group);
            long[] last = emitted.get(group);
            boolean changed = last == null ? row.openBacklog + row.overdue > 0 : last[0] != row.openBacklog || last[1] != row.overdue;
            if (row.hasActivity() || changed) {
                out.collect(row);
                emitted.put(group, new long[] {row.openBacklog, row.overdue});
            }
        }
        for (String key : copy(rows.keys())) {
            if (Long.parseLong(key.substring(0, key.indexOf('|'))) < hourEnd - AreaHours.ALLOWED_LATENESS - HOUR) {
                rows.remove(key);
            }
        }
        for (Map.Entry<String, long[]> entry : new ArrayList<>(entries(standing))) {
            if (entry.getValue()[0] == 0 && entry.getValue()[1] == 0) {
                standing.remove(entry.getKey());
            }
        }
        for (Map.Entry<String, long[]> entry : new ArrayList<>(entries(emitted))) {
            if (entry.getValue()[0] == 0 && entry.getValue()[1] == 0) {
                emitted.remove(entry.getKey());
            }
        }
    }

    /** The region's row of one hour and group: the streets' counts of the hour, their latest standing. */
    private AreaHourlyRow sum(String region, String regionLevel, long hourStart, String group) throws Exception {
        AreaHourlyRow row = new AreaHourlyRow();
        row.areaCode = region;
        row.areaLevel = regionLevel;
        row.matterGroup = group;
        row.hourStart = hourStart;
        Map<String, long[]> latest = new TreeMap<>();
        for (Map.Entry<String, long[]> entry : entries(standing)) {
            if (entry.getKey().startsWith(group + "|")) {
                latest.put(entry.getKey().substring(group.length() + 1), entry.getValue());
            }
        }
        String prefix = hourStart + "|" + group + "|";
        for (String key : rows.keys()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            AreaHourlyRow street = rows.get(key);
            row.newItems += street.newItems;
            row.closedItems += street.closedItems;
            row.disputes += street.disputes;
            row.policeSignals += street.policeSignals;
            row.policeRiskWeight += street.policeRiskWeight;
            row.complaints += street.complaints;
            row.repeatComplaints += street.repeatComplaints;
            row.rated += street.rated;
            row.satisfied += street.satisfied;
            row.unsatisfied += street.unsatisfied;
            latest.put(street.areaCode, new long[] {street.openBacklog, street.overdue});
        }
        for (long[] street : latest.values()) {
            row.openBacklog += street[0];
            row.overdue += street[1];
        }
        return row;
    }

    private static List<Map.Entry<String, long[]>> entries(MapState<String, long[]> state) throws Exception {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : state.entries()) {
            entries.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        return entries;
    }

    /** A copy of keyed-state keys, to change the state while going through them. */
    private static <T> List<T> copy(Iterable<T> keys) {
        List<T> copy = new ArrayList<>();
        keys.forEach(copy::add);
        return copy;
    }
}
