package cn.dalian.governance.reference;

import static java.util.Objects.requireNonNull;

/**
 * Type of a grid (Art. 20): the comprehensive grid (综合网格) covering a residential area, or a
 * dedicated grid (专属网格) around one institution or site.
 */
public enum GridType
{
    COMPREHENSIVE("综合网格"),
    SCHOOL("学校专属网格"),
    HOSPITAL("医院专属网格"),
    MARKET("市场专属网格"),
    INDUSTRIAL_PARK("园区专属网格"),
    PORT("港口专属网格");

    private final String labelZh;

    GridType(String labelZh)
    {
        this.labelZh = requireNonNull(labelZh, "labelZh is null");
    }

    public String labelZh()
    {
        return labelZh;
    }

    /** True for the dedicated grid types (专属网格), false for the comprehensive grid. */
    public boolean dedicated()
    {
        return this != COMPREHENSIVE;
    }
}
