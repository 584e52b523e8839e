package cn.dalian.governance.assess;

import cn.dalian.governance.assess.AssessmentRules.Component;
import cn.dalian.governance.reference.Area;

import java.util.ArrayList;
import java.util.List;

/**
 * The stability index of one area (community or street) at the end of one Shanghai clock hour, over
 * the trailing window that ends there (gov.stability_hourly, DESIGN §7), with every component so that
 * a dashboard can say why: its count, its rate (per 10 000 residents; the unsatisfied component is a
 * share 0..1) and its contribution (index points it takes off 100). Flink POJO.
 */
public final class StabilityRow {
    public String areaCode;
    /** COMMUNITY or STREET. */
    public String areaLevel;
    /** Start of the hour whose end the row describes, epoch millis; the window ends at {@code hourStart + 1 h}. */
    public long hourStart;
    public long population;
    /** 0–100, 2 decimals. */
    public double index;
    /** STABLE, BASICALLY_STABLE, ATTENTION or HIGH_RISK. */
    public String band;
    /** 稳定, 基本稳定, 关注 or 高风险. */
    public String bandLabel;

    public long disputes;
    public double disputesRate;
    public double disputesContribution;

    public long overdue;
    public double overdueRate;
    public double overdueContribution;

    public long policeSignals;
    /** Police signals weighted by risk level (1, 2, 4, 8): the count of the police-risk component. */
    public double policeRiskWeight;
    public double policeRiskRate;
    public double policeRiskContribution;

    /** New complaints, repeats included; the component counts each repeat {@code repeat-factor} times. */
    public long complaints;
    public long repeatComplaints;
    public double complaintsRate;
    public double complaintsContribution;

    public long massGatheringSignals;
    public double massGatheringRate;
    public double massGatheringContribution;

    public long rated;
    public long unsatisfied;
    /** Unsatisfied share of rated hotline closings (0..1), the rate of this component. */
    public double unsatisfiedShare;
    public double unsatisfiedContribution;

    /**
     * The items behind the counts, sorted: new disputes, police signals, new complaints and unsatisfied
     * closings in the window, and the overdue items at its end. The evidence of R6.
     */
    public List<String> itemIds = new ArrayList<>();

    public StabilityRow() {}

    /** The row of {@code area} for the hour starting at {@code hourStart}, from its score and evidence. */
    public static StabilityRow of(Area area, long hourStart, StabilityScore score, List<String> itemIds) {
        ComponentRates c = score.counts();
        StabilityRow row = new StabilityRow();
        row.areaCode = area.code();
        row.areaLevel = area.level().name();
        row.hourStart = hourStart;
        row.population = score.population();
        row.index = score.index();
        row.band = score.band().name();
        row.bandLabel = score.band().label();
        row.disputes = c.disputes();
        row.disputesRate = score.component(Component.DISPUTES).rate();
        row.disputesContribution = score.component(Component.DISPUTES).contribution();
        row.overdue = c.overdue();
        row.overdueRate = score.component(Component.OVERDUE).rate();
        row.overdueContribution = score.component(Component.OVERDUE).contribution();
        row.policeSignals = c.policeSignals();
        row.policeRiskWeight = c.policeRiskWeight();
        row.policeRiskRate = score.component(Component.POLICE_RISK).rate();
        row.policeRiskContribution = score.component(Component.POLICE_RISK).contribution();
        row.complaints = c.complaints();
        row.repeatComplaints = c.repeatComplaints();
        row.complaintsRate = score.component(Component.COMPLAINTS).rate();
        row.complaintsContribution = score.component(Component.COMPLAINTS).contribution();
        row.massGatheringSignals = c.massGatheringSignals();
        row.massGatheringRate = score.component(Component.MASS_GATHERING).rate();
        row.massGatheringContribution = score.component(Component.MASS_GATHERING).contribution();
        row.rated = c.rated();
        row.unsatisfied = c.unsatisfied();
        row.unsatisfiedShare = score.component(Component.UNSATISFIED).rate();
        row.unsatisfiedContribution = score.component(Component.UNSATISFIED).contribution();
        row.itemIds = new ArrayList<>(itemIds);
        return row;
    }

    @Override
    public String toString() {
        return "StabilityRow{" + areaLevel + " " + areaCode + " @" + hourStart + " index " + index + " " + band
                + " disputes " + disputes + " overdue " + overdue + " policeRisk " + policeRiskWeight + " complaints " + complaints
                + "(" + repeatComplaints + " repeat) massGathering " + massGatheringSignals + " unsatisfied " + unsatisfied + "/" + rated + "}";
    }
}
