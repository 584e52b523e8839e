package cn.dalian.governance.assess;

/**
 * What the component rates of the stability index (DESIGN §7) are taken from: one area's counts over
 * the trailing window. {@link StabilityIndex} turns them into rates per 10 000 residents (and the
 * unsatisfied share); the counts are kept raw here so that a row can say why. Immutable.
 *
 * @param disputes new items of the dispute group (矛盾纠纷) in the window
 * @param overdue grid and hotline items open past their resolve deadline at the window's end
 * @param policeRiskWeight police signals in the window, each weighted by its risk level (1, 2, 4, 8)
 * @param policeSignals police signals in the window (for the record; the rate uses the weight)
 * @param complaints new hotline complaints in the window, repeats included
 * @param repeatComplaints of those, complaints of a caller who complained about the same matter group
 *     in the area within the repeat window; they count {@code repeat-factor} times
 * @param massGatheringSignals police signals of type MASS_GATHERING in the window
 * @param rated hotline closings rated SATISFIED, BASICALLY_SATISFIED or UNSATISFIED (NOT_RATED excluded)
 * @param unsatisfied of those, the ones rated UNSATISFIED
 */
public record ComponentRates(
        long disputes,
        long overdue,
        double policeRiskWeight,
        long policeSignals,
        long complaints,
        long repeatComplaints,
        long massGatheringSignals,
        long rated,
        long unsatisfied) {
    /** Nothing in the window. */
    public static final ComponentRates NONE = new ComponentRates(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public ComponentRates {
        notNegative("disputes", disputes);
        notNegative("overdue", overdue);
        notNegative("policeSignals", policeSignals);
        notNegative("complaints", complaints);
        notNegative("repeatComplaints", repeatComplaints);
        notNegative("massGatheringSignals", massGatheringSignals);
        notNegative("rated", rated);
        notNegative("unsatisfied", unsatisfied);
        if (!(policeRiskWeight >= 0) || Double.isInfinite(policeRiskWeight)) {
            throw new IllegalArgumentException("policeRiskWeight must be a finite number >= 0, got " + policeRiskWeight);
        }
        if (repeatComplaints > complaints) {
            throw new IllegalArgumentException("repeatComplaints (" + repeatComplaints + ") exceed complaints (" + complaints + ")");
        }
        if (unsatisfied > rated) {
            throw new IllegalArgumentException("unsatisfied (" + unsatisfied + ") exceed rated (" + rated + ")");
        }
    }

    /** Whether every count is zero. */
    public boolean isZero() {
        return disputes == 0 && overdue == 0 && policeRiskWeight == 0 && policeSignals == 0 && complaints == 0
                && massGatheringSignals == 0 && rated == 0;
    }

    private static void notNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }
}
