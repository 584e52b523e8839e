package cn.dalian.governance.reference;

import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.Urgency;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * One version of a matter type in the matter catalogue (事项清单): whether grids may be given it
 * (Art. 21 准入清单), whether residents'/villagers' committees may (Art. 24), the responsible
 * department and the SLA per urgency. A version is in force on days in
 * [{@code effectiveFrom}, {@code effectiveTo}); {@code effectiveTo} null means open-ended.
 */
public final class Matter
{
    private final String code;
    private final int version;
    private final String nameZh;
    private final String nameEn;
    private final MatterGroup group;
    private final boolean gridAdmitted;
    private final boolean committeeListed;
    private final String department;
    private final Map<Urgency, Sla> slas;
    private final LocalDate effectiveFrom;
    private final LocalDate effectiveTo;

    public Matter(
            String code,
            int version,
            String nameZh,
            String nameEn,
            MatterGroup group,
            boolean gridAdmitted,
            boolean committeeListed,
            String department,
            Map<Urgency, Sla> slas,
            LocalDate effectiveFrom,
            LocalDate effectiveTo)
    {
        this.code = requireNonNull(code, "code is null");
        if (code.isBlank()) {
            throw new IllegalArgumentException("code is blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version of " + code + " must be at least 1: " + version);
        }
        this.version = version;
        this.nameZh = requireNonNull(nameZh, "nameZh is null");
        this.nameEn = requireNonNull(nameEn, "nameEn is null");
        this.group = requireNonNull(group, "group is null");
        this.gridAdmitted = gridAdmitted;
        this.committeeListed = committeeListed;
        this.department = requireNonNull(department, "department is null");
        requireNonNull(slas, "slas is null");
        EnumMap<Urgency, Sla> copy = new EnumMap<>(Urgency.class);
        for (Urgency urgency : Urgency.values()) {
            copy.put(urgency, requireNonNull(slas.get(urgency), () -> "no SLA for " + urgency + " on matter " + code));
        }
        this.slas = Collections.unmodifiableMap(copy);
        this.effectiveFrom = requireNonNull(effectiveFrom, "effectiveFrom is null");
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("effectiveTo " + effectiveTo + " of " + code + " v" + version + " is not after effectiveFrom " + effectiveFrom);
        }
        this.effectiveTo = effectiveTo;
    }

    public String code()
    {
        return code;
    }

    public int version()
    {
        return version;
    }

    public String nameZh()
    {
        return nameZh;
    }

    public String nameEn()
    {
        return nameEn;
    }

    public MatterGroup group()
    {
        return group;
    }

    /** On the grid admission list (Art. 21): grids may be assigned this matter. */
    public boolean gridAdmitted()
    {
        return gridAdmitted;
    }

    /** On the list of tasks residents'/villagers' committees may take (Art. 24). */
    public boolean committeeListed()
    {
        return committeeListed;
    }

    public String department()
    {
        return department;
    }

    public Sla sla(Urgency urgency)
    {
        return slas.get(requireNonNull(urgency, "urgency is null"));
    }

    /** SLA of every urgency. */
    public Map<Urgency, Sla> slas()
    {
        return slas;
    }

    public Duration dispatchWithin(Urgency urgency)
    {
        return sla(urgency).dispatchWithin();
    }

    public Duration resolveWithin(Urgency urgency)
    {
        return sla(urgency).resolveWithin();
    }

    public LocalDate effectiveFrom()
    {
        return effectiveFrom;
    }

    /** First day on which this version is no longer in force; null when open-ended. */
    public LocalDate effectiveTo()
    {
        return effectiveTo;
    }

    public boolean inForceOn(LocalDate day)
    {
        requireNonNull(day, "day is null");
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || day.isBefore(effectiveTo));
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        Matter that = (Matter) o;
        return version == that.version &&
                gridAdmitted == that.gridAdmitted &&
                committeeListed == that.committeeListed &&
                code.equals(that.code) &&
                nameZh.equals(that.nameZh) &&
                nameEn.equals(that.nameEn) &&
                group == that.group &&
                department.equals(that.department) &&
                slas.equals(that.slas) &&
                effectiveFrom.equals(that.effectiveFrom) &&
                Objects.equals(effectiveTo, that.effectiveTo);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(code, version, nameZh, nameEn, group, gridAdmitted, committeeListed, department, slas, effectiveFrom, effectiveTo);
    }

    @Override
    public String toString()
    {
        return "Matter{code=" + code +
                ", version=" + version +
                ", nameZh=" + nameZh +
                ", nameEn=" + nameEn +
                ", group=" + group +
                ", gridAdmitted=" + gridAdmitted +
                ", committeeListed=" + committeeListed +
                ", department=" + department +
                ", slas=" + slas +
                ", effectiveFrom=" + effectiveFrom +
                ", effectiveTo=" + effectiveTo +
                "}";
    }
}
