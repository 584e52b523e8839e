package cn.dalian.governance.assess;

import java.util.Objects;

/**
 * One hour of one area and matter group (gov.area_hourly): what happened in the hour and where the
 * area stood at its end. Hours are Shanghai clock hours (UTC+8 has whole-hour boundaries, so they are
 * also UTC hours). Flink POJO.
 */
public final class AreaHourlyRow {
    public String areaCode;
    public String areaLevel;
    public String matterGroup;
    /** Start of the hour, epoch millis. */
    public long hourStart;
    /** Items first seen in the hour (grid, hotline and police). */
    public long newItems;
    /** Grid and hotline items closed in the hour. */
    public long closedItems;
    /** New items of the dispute group (矛盾纠纷). */
    public long disputes;
    public long policeSignals;
    /** Police signals weighted by risk level (1, 2, 4, 8). */
    public double policeRiskWeight;
    /** New hotline complaints; repeats are complaints of a caller who complained about the group here within the repeat window. */
    public long complaints;
    public long repeatComplaints;
    /** Hotline closings rated SATISFIED, BASICALLY_SATISFIED or UNSATISFIED (NOT_RATED excluded). */
    public long rated;
    public long satisfied;
    public long unsatisfied;
    /** Grid and hotline items open at the end of the hour. */
    public long openBacklog;
    /** Of those, the ones past their catalogue resolve deadline (督办). */
    public long overdue;

    public AreaHourlyRow() {}

    /** Whether the hour saw any activity. */
    boolean hasActivity() {
        return newItems + closedItems + policeSignals + complaints + rated > 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AreaHourlyRow other)) {
            return false;
        }
        return hourStart == other.hourStart && newItems == other.newItems && closedItems == other.closedItems && disputes == other.disputes
                && policeSignals == other.policeSignals && Double.compare(policeRiskWeight, other.policeRiskWeight) == 0
                && complaints == other.complaints && repeatComplaints == other.repeatComplaints && rated == other.rated
                && satisfied == other.satisfied && unsatisfied == other.unsatisfied && openBacklog == other.openBacklog
                && overdue == other.overdue && Objects.equals(areaCode, other.areaCode) && Objects.equals(areaLevel, other.areaLevel)
                && Objects.equals(matterGroup, other.matterGroup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(areaCode, matterGroup, hourStart);
    }

    @Override
    public String toString() {
        return "AreaHourlyRow{" + areaCode + " " + matterGroup + " @" + hourStart + " new " + newItems + " closed " + closedItems
                + " backlog " + openBacklog + " overdue " + overdue + "}";
    }
}
