package cn.dalian.governance.assess;

/** An item transition as seen from one area of its hierarchy (grid, community, street, district or city). Flink POJO. */
public final class AreaTransition {
    public String areaCode;
    /** GRID, COMMUNITY, STREET, DISTRICT or CITY. */
    public String areaLevel;
    public ItemTransition item;

    public AreaTransition() {}

    public AreaTransition(String areaCode, String areaLevel, ItemTransition item) {
        this.areaCode = areaCode;
        this.areaLevel = areaLevel;
        this.item = item;
    }

    /** Key of the hourly aggregate: area and matter group. */
    public String aggregateKey() {
        return areaCode + "|" + item.matterGroup;
    }
}
