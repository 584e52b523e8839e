package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.AreaLevel;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.reference.Area;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.Matter;
import cn.dalian.governance.reference.MatterCatalogue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The reference data the simulator draws from, indexed for fast sampling. */
final class CityModel {
    private final AreaRegistry areas;
    private final MatterCatalogue matters;
    private final List<Area> communities;
    private final Map<String, List<Area>> gridsByCommunity = new HashMap<>();
    private final Map<LocalDate, Map<MatterGroup, List<Matter>>> mattersByDay = new HashMap<>();

    CityModel(AreaRegistry areas, MatterCatalogue matters) {
        this.areas = requireNonNull(areas, "areas is null");
        this.matters = requireNonNull(matters, "matters is null");
        this.communities = areas.atLevel(AreaLevel.COMMUNITY);
        for (Area community : communities) {
            gridsByCommunity.put(community.code(), areas.children(community.code()));
        }
    }

    AreaRegistry areas() {
        return areas;
    }

    MatterCatalogue matters() {
        return matters;
    }

    /** Every community in code order. */
    List<Area> communities() {
        return communities;
    }

    List<Area> grids(Area community) {
        return gridsByCommunity.get(community.code());
    }

    Area street(Area community) {
        return areas.ancestor(community, AreaLevel.STREET);
    }

    Area district(Area community) {
        return areas.ancestor(community, AreaLevel.DISTRICT);
    }

    /** Matters of a group in force on a day, in code order. */
    List<Matter> matters(MatterGroup group, LocalDate day) {
        return mattersByDay.computeIfAbsent(day, this::indexDay).getOrDefault(group, List.of());
    }

    private Map<MatterGroup, List<Matter>> indexDay(LocalDate day) {
        Map<MatterGroup, List<Matter>> byGroup = new EnumMap<>(MatterGroup.class);
        for (Matter matter : matters.currentOn(day)) {
            byGroup.computeIfAbsent(matter.group(), group -> new ArrayList<>()).add(matter);
        }
        return byGroup;
    }
}
