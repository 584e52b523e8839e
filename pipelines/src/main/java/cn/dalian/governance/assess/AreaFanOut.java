package cn.dalian.governance.assess;

import cn.dalian.governance.reference.AreaRegistry;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Sends each transition to every level of its area hierarchy: grid (if known), community, street, district, city. */
public final class AreaFanOut implements FlatMapFunction<ItemTransition, AreaTransition> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(ItemTransition item, Collector<AreaTransition> out) {
        if (item.gridCode != null) {
            out.collect(new AreaTransition(item.gridCode, "GRID", item));
        }
        out.collect(new AreaTransition(item.communityCode, "COMMUNITY", item));
        out.collect(new AreaTransition(item.streetCode, "STREET", item));
        out.collect(new AreaTransition(item.districtCode, "DISTRICT", item));
        out.collect(new AreaTransition(AreaRegistry.CITY_CODE, "CITY", item));
    }
}
