package cn.dalian.governance.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.cli.PlatformCli;
import cn.dalian.governance.sql.Trino;
import cn.dalian.governance.testing.LocalKafka;
import cn.dalian.governance.testing.LocalTrino;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code platform evaluate} on a small hand-made fixture through the real Trino: every metric of DESIGN section 8
 * for two streets of 中山区 and their communities equals the value worked out by hand below.
 *
 * <p>The fixture (period 2026-10, times Asia/Shanghai; dispatch/resolve deadlines in brackets):
 * <pre>
 * 春泉社区 C11 (street S1 海军广场街道)
 *   G1 grid sanitation   COLLECTED 10-02 08:00 [10-02 10:00 / 10-05 08:00], ASSIGNED 09:00, HANDLING, FEEDBACK, VERIFIED, CLOSED 10-03 10:00
 *                        -> accepted on time, closed on time, 26 h
 *   G2 grid dispute      COLLECTED 10-05 08:00 [10-05 12:00 / 10-08 08:00], ASSIGNED 20:00 (off-list, late), RETURNED 10-06 08:00,
 *                        ASSIGNED 09:00, HANDLING, FEEDBACK 10-08 (mediation SUCCEEDED), VERIFIED, CLOSED 10-10 08:00 -> late, 120 h
 *   H1 hotline complaint caller K1, RECEIVED 10-04 10:00 [12:00 / 10-07 10:00], DISPATCHED 11:00, REPLIED, CLOSED 10-05 12:00 SATISFIED -> 26 h
 *   H2 hotline complaint caller K1 (repeat: H1 16 days before), RECEIVED 10-20 10:00 [12:00 / 10-23 10:00], DISPATCHED 11:00, REPLIED,
 *                        CLOSED 10-21 11:00 UNSATISFIED, REOPENED 10-22 09:00, DISPATCHED 10:00 -> open at the end; closed once on time, 25 h
 *   P1 police signal 10-07
 *   G0 grid sanitation   COLLECTED 09-20, CLOSED 10-02 -> September's item, not October's
 * 鑫安社区 C12 (S1)
 *   H3 hotline request   caller K2, RECEIVED 10-10 09:00 [11:00 / 10-12 09:00], REPLIED 09:30 (answered at intake), CLOSED 10:00
 *                        BASICALLY_SATISFIED -> accepted on time, never dispatched, 1 h
 *   G3 grid hazard       COLLECTED 10-30 20:00 [10-31 20:00 / 11-05 20:00], ASSIGNED 11-01 01:00 (after the period)
 *                        -> acceptance judged (deadline passed in the period) and late; completion not yet due
 *   H4 hotline complaint caller K3, RECEIVED 09-25 (September)
 *   H5 hotline complaint caller K3 (repeat of H4), RECEIVED 10-08 10:00 [10:30 / 10-11 10:00], DISPATCHED 11:00 (late), RETURNED 15:00,
 *                        DISPATCHED 10-09, REPLIED, CLOSED 10-12 12:00 NOT_RATED -> late, 98 h, no rating
 * 青园社区 C21 (street S2 人民路街道)
 *   G4 grid dispute      COLLECTED 10-12 08:00 [10:00 / 10-20 08:00], ASSIGNED 09:00, HANDLING, FEEDBACK 10-14 08:00 (FAILED), VERIFIED,
 *                        CLOSED 10:00 -> on time, 50 h
 *   G5 grid dispute      COLLECTED 10-15 08:00 [08:30 / 10-25 08:00], ASSIGNED 09:00 (late), HANDLING (mediation ONGOING) -> open, overdue
 *   H6 hotline complaint caller K3 (not a repeat: K3's earlier complaints are in C12), RECEIVED 10-25 10:00 [12:00 / 10-28 10:00],
 *                        DISPATCHED 10:30, REPLIED, CLOSED 10-26 10:00 SATISFIED, REOPENED 11-02 (after the period) -> 24 h
 *   P2 police signal 10-20;  G6, G7 grid public facilities in September
 * Warnings: W1 C11 opened 10-05 10:00 cleared 11:30 (90 min); W2 a grid of C12 opened 10-10 08:00, updated, cleared 12:00 (240 min);
 *   W3 street S1 opened 10-28, never cleared; W4 C21 opened 10-15 10:00 cleared 10:30 (30 min); W5 opened in September, cleared 10-01.
 * Ratings for 2026-10: S1 rated 80 and 90 by C11, 70 by C12; S2 60 by C21; C11 85, C12 95, C21 75 by their streets; a 2026-09 rating of 10 for S1.
 * </pre>
 * The lists are checked with {@code lists.size = 1} (a copy of the shipped parameters), so that both a red and a black
 * list entry exist among two streets and three communities.
 */
class EvaluationIT {
    private static final String S1 = "210202001";
    private static final String S2 = "210202002";
    private static final String C11 = "210202001001";
    private static final String C12 = "210202001002";
    private static final String C21 = "210202002001";
    private static final String DISTRICT = "210202";
    private static final String CITY = "210200";
    private static final double EPSILON = 1e-9;

    @TempDir
    static Path temp;
    private static String trinoUrl;
    private static EvaluationFixture fixture;
    private static Path config;

    @BeforeAll
    static void writeTheFixtureAndEvaluate() throws Exception {
        trinoUrl = LocalTrino.url();
        fixture = EvaluationFixture.create("gov_eval_it", trinoUrl);
        EvaluationFixture f = fixture;
        f.insertEvents(List.of(
                f.event("G0", "GRID", "COLLECTED", "2026-09-20 08:00", C11),
                f.event("G0", "GRID", "CLOSED", "2026-10-02 08:00", C11),
                f.event("G1", "GRID", "COLLECTED", "2026-10-02 08:00", C11).due("2026-10-02 10:00", "2026-10-05 08:00"),
                f.event("G1", "GRID", "ASSIGNED", "2026-10-02 09:00", C11).due("2026-10-02 10:00", "2026-10-05 08:00"),
                f.event("G1", "GRID", "HANDLING", "2026-10-02 12:00", C11).due("2026-10-02 10:00", "2026-10-05 08:00"),
                f.event("G1", "GRID", "FEEDBACK", "2026-10-03 08:00", C11).due("2026-10-02 10:00", "2026-10-05 08:00"),
                f.event("G1", "GRID", "VERIFIED", "2026-10-03 09:00", C11).due("2026-10-02 10:00", "2026-10-05 08:00"),
                f.event("G1", "GRID", "CLOSED", "2026-10-03 10:00", C11).due("2026-10-02 10:00", "2026-10-05 08:00"),
                f.event("G2", "GRID", "COLLECTED", "2026-10-05 08:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00"),
                f.event("G2", "GRID", "ASSIGNED", "2026-10-05 20:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00").offList(),
                f.event("G2", "GRID", "RETURNED", "2026-10-06 08:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00"),
                f.event("G2", "GRID", "ASSIGNED", "2026-10-06 09:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00"),
                f.event("G2", "GRID", "HANDLING", "2026-10-06 10:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00"),
                f.event("G2", "GRID", "FEEDBACK", "2026-10-08 10:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00").mediation("SUCCEEDED"),
                f.event("G2", "GRID", "VERIFIED", "2026-10-09 10:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00"),
                f.event("G2", "GRID", "CLOSED", "2026-10-10 08:00", C11).group("DISPUTE").due("2026-10-05 12:00", "2026-10-08 08:00"),
                f.event("H1", "HOTLINE", "RECEIVED", "2026-10-04 10:00", C11).complaint("K1").due("2026-10-04 12:00", "2026-10-07 10:00"),
                f.event("H1", "HOTLINE", "DISPATCHED", "2026-10-04 11:00", C11).complaint("K1").due("2026-10-04 12:00", "2026-10-07 10:00"),
                f.event("H1", "HOTLINE", "REPLIED", "2026-10-05 10:00", C11).complaint("K1").due("2026-10-04 12:00", "2026-10-07 10:00"),
                f.event("H1", "HOTLINE", "CLOSED", "2026-10-05 12:00", C11).complaint("K1").due("2026-10-04 12:00", "2026-10-07 10:00").satisfaction("SATISFIED"),
                f.event("H2", "HOTLINE", "RECEIVED", "2026-10-20 10:00", C11).complaint("K1").due("2026-10-20 12:00", "2026-10-23 10:00"),
                f.event("H2", "HOTLINE", "DISPATCHED", "2026-10-20 11:00", C11).complaint("K1").due("2026-10-20 12:00", "2026-10-23 10:00"),
                f.event("H2", "HOTLINE", "REPLIED", "2026-10-21 10:00", C11).complaint("K1").due("2026-10-20 12:00", "2026-10-23 10:00"),
                f.event("H2", "HOTLINE", "CLOSED", "2026-10-21 11:00", C11).complaint("K1").due("2026-10-20 12:00", "2026-10-23 10:00").satisfaction("UNSATISFIED"),
                f.event("H2", "HOTLINE", "REOPENED", "2026-10-22 09:00", C11).complaint("K1").due("2026-10-20 12:00", "2026-10-23 10:00"),
                f.event("H2", "HOTLINE", "DISPATCHED", "2026-10-22 10:00", C11).complaint("K1").due("2026-10-20 12:00", "2026-10-23 10:00"),
                f.event("P1", "POLICE", "SIGNALLED", "2026-10-07 22:00", C11).group("PUBLIC_ORDER"),
                f.event("H3", "HOTLINE", "RECEIVED", "2026-10-10 09:00", C12).group("LIVELIHOOD_VULNERABLE").request("K2").due("2026-10-10 11:00", "2026-10-12 09:00"),
                f.event("H3", "HOTLINE", "REPLIED", "2026-10-10 09:30", C12).group("LIVELIHOOD_VULNERABLE").request("K2").due("2026-10-10 11:00", "2026-10-12 09:00"),
                f.event("H3", "HOTLINE", "CLOSED", "2026-10-10 10:00", C12).group("LIVELIHOOD_VULNERABLE").request("K2").due("2026-10-10 11:00", "2026-10-12 09:00")
                        .satisfaction("BASICALLY_SATISFIED"),
                f.event("G3", "GRID", "COLLECTED", "2026-10-30 20:00", C12).group("SAFETY_HAZARD").due("2026-10-31 20:00", "2026-11-05 20:00"),
                f.event("G3", "GRID", "ASSIGNED", "2026-11-01 01:00", C12).group("SAFETY_HAZARD").due("2026-10-31 20:00", "2026-11-05 20:00"),
                f.event("H4", "HOTLINE", "RECEIVED", "2026-09-25 10:00", C12).group("LIVELIHOOD_VULNERABLE").complaint("K3"),
                f.event("H5", "HOTLINE", "RECEIVED", "2026-10-08 10:00", C12).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-08 10:30", "2026-10-11 10:00"),
                f.event("H5", "HOTLINE", "DISPATCHED", "2026-10-08 11:00", C12).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-08 10:30", "2026-10-11 10:00"),
                f.event("H5", "HOTLINE", "RETURNED", "2026-10-08 15:00", C12).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-08 10:30", "2026-10-11 10:00"),
                f.event("H5", "HOTLINE", "DISPATCHED", "2026-10-09 09:00", C12).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-08 10:30", "2026-10-11 10:00"),
                f.event("H5", "HOTLINE", "REPLIED", "2026-10-12 10:00", C12).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-08 10:30", "2026-10-11 10:00"),
                f.event("H5", "HOTLINE", "CLOSED", "2026-10-12 12:00", C12).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-08 10:30", "2026-10-11 10:00")
                        .satisfaction("NOT_RATED"),
                f.event("G4", "GRID", "COLLECTED", "2026-10-12 08:00", C21).group("DISPUTE").due("2026-10-12 10:00", "2026-10-20 08:00"),
                f.event("G4", "GRID", "ASSIGNED", "2026-10-12 09:00", C21).group("DISPUTE").due("2026-10-12 10:00", "2026-10-20 08:00"),
                f.event("G4", "GRID", "HANDLING", "2026-10-12 10:00", C21).group("DISPUTE").due("2026-10-12 10:00", "2026-10-20 08:00"),
                f.event("G4", "GRID", "FEEDBACK", "2026-10-14 08:00", C21).group("DISPUTE").due("2026-10-12 10:00", "2026-10-20 08:00").mediation("FAILED"),
                f.event("G4", "GRID", "VERIFIED", "2026-10-14 09:00", C21).group("DISPUTE").due("2026-10-12 10:00", "2026-10-20 08:00"),
                f.event("G4", "GRID", "CLOSED", "2026-10-14 10:00", C21).group("DISPUTE").due("2026-10-12 10:00", "2026-10-20 08:00"),
                f.event("G5", "GRID", "COLLECTED", "2026-10-15 08:00", C21).group("DISPUTE").due("2026-10-15 08:30", "2026-10-25 08:00"),
                f.event("G5", "GRID", "ASSIGNED", "2026-10-15 09:00", C21).group("DISPUTE").due("2026-10-15 08:30", "2026-10-25 08:00"),
                f.event("G5", "GRID", "HANDLING", "2026-10-15 10:00", C21).group("DISPUTE").due("2026-10-15 08:30", "2026-10-25 08:00").mediation("ONGOING"),
                f.event("H6", "HOTLINE", "RECEIVED", "2026-10-25 10:00", C21).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-25 12:00", "2026-10-28 10:00"),
                f.event("H6", "HOTLINE", "DISPATCHED", "2026-10-25 10:30", C21).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-25 12:00", "2026-10-28 10:00"),
                f.event("H6", "HOTLINE", "REPLIED", "2026-10-26 09:00", C21).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-25 12:00", "2026-10-28 10:00"),
                f.event("H6", "HOTLINE", "CLOSED", "2026-10-26 10:00", C21).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-25 12:00", "2026-10-28 10:00")
                        .satisfaction("SATISFIED"),
                f.event("H6", "HOTLINE", "REOPENED", "2026-11-02 10:00", C21).group("LIVELIHOOD_VULNERABLE").complaint("K3").due("2026-10-25 12:00", "2026-10-28 10:00"),
                f.event("P2", "POLICE", "SIGNALLED", "2026-10-20 03:00", C21).group("PUBLIC_ORDER"),
                f.event("G6", "GRID", "COLLECTED", "2026-09-10 08:00", C21).group("PUBLIC_FACILITIES"),
                f.event("G7", "GRID", "COLLECTED", "2026-09-12 08:00", C21).group("PUBLIC_FACILITIES")));
        f.insertWarnings(List.of(
                EvaluationFixture.warning("W1", C11, "COMMUNITY", "OPENED", "2026-10-05 10:00", S1),
                EvaluationFixture.warning("W1", C11, "COMMUNITY", "CLEARED", "2026-10-05 11:30", S1),
                EvaluationFixture.warning("W2", C12 + "001", "GRID", "OPENED", "2026-10-10 08:00", S1),
                EvaluationFixture.warning("W2", C12 + "001", "GRID", "UPDATED", "2026-10-10 09:00", S1),
                EvaluationFixture.warning("W2", C12 + "001", "GRID", "CLEARED", "2026-10-10 12:00", S1),
                EvaluationFixture.warning("W3", S1, "STREET", "OPENED", "2026-10-28 10:00", S1),
                EvaluationFixture.warning("W4", C21, "COMMUNITY", "OPENED", "2026-10-15 10:00", S2),
                EvaluationFixture.warning("W4", C21, "COMMUNITY", "CLEARED", "2026-10-15 10:30", S2),
                EvaluationFixture.warning("W5", C11, "COMMUNITY", "OPENED", "2026-09-30 20:00", S1),
                EvaluationFixture.warning("W5", C11, "COMMUNITY", "CLEARED", "2026-10-01 02:00", S1)));
        f.insertRatings(List.of(
                f.rating(C11, S1, "2026-10", 80), f.rating(C11, S1, "2026-10", 90), f.rating(C12, S1, "2026-10", 70), f.rating(C21, S2, "2026-10", 60),
                f.rating(S1, C11, "2026-10", 85), f.rating(S1, C12, "2026-10", 95), f.rating(S2, C21, "2026-10", 75), f.rating(C11, S1, "2026-09", 10)));

        String shipped = Files.readString(LocalKafka.repoRoot().resolve("pipelines/src/main/resources/evaluation/evaluation.properties"), StandardCharsets.UTF_8);
        config = temp.resolve("evaluation.properties");
        Files.writeString(config, shipped.replace("lists.size = 5", "lists.size = 1"), StandardCharsets.UTF_8);
        assertEquals(0, evaluate("2026-09"));
        assertEquals(0, evaluate("2026-10"));
        assertEquals(0, evaluate("2026-10"), "re-running a period replaces it");
        assertEquals(0, evaluate("2026-Q4"));
    }

    private static int evaluate(String period) {
        return PlatformCli.execute("evaluate", "--period", period, "--trino-url", trinoUrl, "--namespace", fixture.namespace(), "--config", config.toString());
    }

    @AfterAll
    static void dropTheNamespace() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void community春泉MetricsEqualTheHandWorkedValues() throws Exception {
        Map<String, Object> c11 = row("2026-10", C11);
        assertEquals("COMMUNITY", c11.get("area_level"));
        assertEquals("春泉社区", c11.get("area_name_zh"));
        assertEquals(S1, c11.get("street_code"));
        // G1, G2, H1, H2, P1 (G0 was received in September)
        assertCounts(c11, "volume", 5, "grid_items", 2, "hotline_cases", 2, "police_signals", 1, "handled_items", 4);
        // closed at the end: G1, G2, H1 (H2 reopened and open) -> 3 / 4
        assertCounts(c11, "closed_items", 3);
        assertRate(c11, "completion_rate", 3.0 / 4);
        // due: all four were closed at least once; on time: G1, H1, H2 (G2 closed 10-10 after 10-08) -> 3 / 4
        assertCounts(c11, "due_items", 4, "closed_on_time", 3);
        assertRate(c11, "on_time_completion_rate", 3.0 / 4);
        // first feedback by the resolve deadline: G1 (10-03 08:00), H1, H2 replied in time; G2's feedback 10-08 10:00 after 08:00 -> 3 / 4
        assertCounts(c11, "feedback_due", 4, "fed_back_on_time", 3);
        assertRate(c11, "on_time_feedback_rate", 3.0 / 4);
        // accepted on time: G1 09:00<=10:00, H1, H2; G2 assigned 20:00 after 12:00 -> 3 / 4
        assertCounts(c11, "acceptance_due", 4, "accepted_on_time", 3);
        assertRate(c11, "timely_acceptance_rate", 3.0 / 4);
        // dispatched: all four; returned: G2 -> 1 / 4; closed once: four; reopened: H2 -> 1 / 4
        assertCounts(c11, "dispatched_items", 4, "returned_items", 1, "closed_once_items", 4, "reopened_items", 1);
        assertRate(c11, "return_rate", 1.0 / 4);
        assertRate(c11, "reopen_rate", 1.0 / 4);
        // hours to first closing 26 (G1), 120 (G2), 26 (H1), 25 (H2): median of 25, 26, 26, 120 = 26
        assertRate(c11, "median_handling_hours", 26);
        // rated H1 satisfied, H2 unsatisfied (its latest rating) -> 1 / 2
        assertCounts(c11, "rated_cases", 2, "satisfied_cases", 1);
        assertRate(c11, "satisfaction_rate", 0.5);
        // follow-up: both closed cases got a rating -> 2 / 2
        assertCounts(c11, "closed_cases", 2);
        assertRate(c11, "follow_up_rate", 1);
        // complaints H1, H2; H2 repeats H1 -> 1 / 2
        assertCounts(c11, "complaints", 2, "repeat_complaints", 1);
        assertRate(c11, "repeat_complaint_rate", 0.5);
        // G2 succeeded -> 1 / 1
        assertCounts(c11, "mediated_disputes", 1, "mediation_succeeded", 1);
        assertRate(c11, "mediation_success_rate", 1);
        // W1 about C11: 90 min
        assertCounts(c11, "warnings_opened", 1, "warnings_cleared", 1, "off_list_assignments", 1, "two_way_ratings", 1);
        assertRate(c11, "median_warning_response_minutes", 90);
        assertRate(c11, "two_way_score", 85);
        // 100 x (.15 x .75 + .15 x .75 + .10 x .75 + .20 x .5 + .05 x (1 - .25) + .05 x (1 - .25) + .05 x (1 - .5) + .10 x 1 + .15 x .85) = 72.75
        assertRate(c11, "composite_score", 72.75);
        assertEquals("FAIR", c11.get("grade"));
        assertEquals("一般", c11.get("grade_label"));
        assertEquals(true, c11.get("below_min_satisfaction"), "50 % < 85 %");
    }

    @Test
    void community鑫安MetricsEqualTheHandWorkedValues() throws Exception {
        Map<String, Object> c12 = row("2026-10", C12);
        // H3, G3, H5 (H4 in September)
        assertCounts(c12, "volume", 3, "grid_items", 1, "hotline_cases", 2, "police_signals", 0, "handled_items", 3);
        // closed: H3, H5 -> 2 / 3
        assertCounts(c12, "closed_items", 2);
        assertRate(c12, "completion_rate", 2.0 / 3);
        // due: H3, H5 (G3 due only on 11-05); on time: H3 (H5 closed 10-12 after 10-11) -> 1 / 2
        assertCounts(c12, "due_items", 2, "closed_on_time", 1);
        assertRate(c12, "on_time_completion_rate", 0.5);
        // feedback judged: H3 (replied 09:30), H5 (replied 10-12 10:00 after 10-11 10:00); G3 has none and is not yet due -> 1 / 2
        assertCounts(c12, "feedback_due", 2, "fed_back_on_time", 1);
        assertRate(c12, "on_time_feedback_rate", 0.5);
        // acceptance judged: H3 (answered 09:30 <= 11:00), G3 (deadline 10-31 20:00 passed, assigned only on 11-01), H5 (11:00 > 10:30) -> 1 / 3
        assertCounts(c12, "acceptance_due", 3, "accepted_on_time", 1);
        assertRate(c12, "timely_acceptance_rate", 1.0 / 3);
        // dispatched: H5 only (H3 answered at intake); returned: H5 -> 1 / 1; closed once: H3, H5; reopened: none
        assertCounts(c12, "dispatched_items", 1, "returned_items", 1, "closed_once_items", 2, "reopened_items", 0);
        assertRate(c12, "return_rate", 1);
        assertRate(c12, "reopen_rate", 0);
        // hours 1 (H3) and 98 (H5): median 49.5
        assertRate(c12, "median_handling_hours", 49.5);
        // rated: H3 basically satisfied (H5 NOT_RATED is no rating) -> 1 / 1
        assertCounts(c12, "rated_cases", 1, "satisfied_cases", 1);
        assertRate(c12, "satisfaction_rate", 1);
        // follow-up: H3 rated, H5 closed NOT_RATED -> 1 / 2
        assertCounts(c12, "closed_cases", 2);
        assertRate(c12, "follow_up_rate", 0.5);
        // H5 repeats H4 (13 days before, same caller, group and community) -> 1 / 1
        assertCounts(c12, "complaints", 1, "repeat_complaints", 1, "mediated_disputes", 0, "mediation_succeeded", 0);
        assertRate(c12, "repeat_complaint_rate", 1);
        assertNull(c12.get("mediation_success_rate"), "no mediated dispute");
        // W2 about a grid of C12: 08:00 to 12:00
        assertCounts(c12, "warnings_opened", 1, "warnings_cleared", 1, "off_list_assignments", 0, "two_way_ratings", 1);
        assertRate(c12, "median_warning_response_minutes", 240);
        assertRate(c12, "two_way_score", 95);
        // mediation has no value: its weight .10 leaves the denominator (.90)
        // 100 x (.15 x 2/3 + .15 x .5 + .10 x 1/3 + .20 x 1 + .05 x (1 - 1) + .05 x (1 - 0) + .05 x (1 - 1) + .15 x .95) / .90
        assertRate(c12, "composite_score", 100 * (0.15 * 2 / 3 + 0.15 * 0.5 + 0.10 / 3 + 0.20 + 0 + 0.05 + 0 + 0.15 * 0.95) / 0.90);
        assertEquals("POOR", c12.get("grade"));
        assertEquals(false, c12.get("below_min_satisfaction"));
    }

    @Test
    void streetsDistrictAndCityEqualTheHandWorkedValues() throws Exception {
        Map<String, Object> s1 = row("2026-10", S1);
        assertEquals("海军广场街道", s1.get("area_name_zh"));
        assertEquals("中山区", s1.get("district_name_zh"));
        // C11 + C12: G1, G2, H1, H2, P1, H3, G3, H5
        assertCounts(s1, "volume", 8, "grid_items", 3, "hotline_cases", 4, "police_signals", 1, "handled_items", 7, "closed_items", 5);
        assertRate(s1, "completion_rate", 5.0 / 7);
        assertCounts(s1, "due_items", 6, "closed_on_time", 4, "acceptance_due", 7, "accepted_on_time", 4);
        assertRate(s1, "on_time_completion_rate", 4.0 / 6);
        assertRate(s1, "timely_acceptance_rate", 4.0 / 7);
        assertCounts(s1, "feedback_due", 6, "fed_back_on_time", 4, "closed_cases", 4);
        assertRate(s1, "on_time_feedback_rate", 4.0 / 6);
        assertRate(s1, "follow_up_rate", 3.0 / 4);
        assertCounts(s1, "dispatched_items", 5, "returned_items", 2, "closed_once_items", 6, "reopened_items", 1);
        assertRate(s1, "return_rate", 2.0 / 5);
        assertRate(s1, "reopen_rate", 1.0 / 6);
        // 1, 25, 26, 26, 98, 120 -> 26
        assertRate(s1, "median_handling_hours", 26);
        assertCounts(s1, "rated_cases", 3, "satisfied_cases", 2, "complaints", 3, "repeat_complaints", 2, "mediated_disputes", 1, "mediation_succeeded", 1);
        assertRate(s1, "satisfaction_rate", 2.0 / 3);
        assertRate(s1, "repeat_complaint_rate", 2.0 / 3);
        // routed to S1 and opened in October: W1, W2, W3 (W5 opened in September); cleared W1 90, W2 240 -> median 165
        assertCounts(s1, "warnings_opened", 3, "warnings_cleared", 2, "off_list_assignments", 1, "two_way_ratings", 3);
        assertRate(s1, "median_warning_response_minutes", 165);
        // 80, 90, 70 (the September 10 is not October's)
        assertRate(s1, "two_way_score", 80);
        double s1Composite = 100 * (0.15 * 5 / 7 + 0.15 * 4 / 6 + 0.10 * 4 / 7 + 0.20 * 2 / 3 + 0.05 * (1 - 0.4) + 0.05 * (1 - 1.0 / 6) + 0.05 * (1 - 2.0 / 3)
                + 0.10 * 1 + 0.15 * 0.80);
        assertRate(s1, "composite_score", s1Composite);

        Map<String, Object> s2 = row("2026-10", S2);
        // G4, G5, H6, P2: closed G4, H6; due G4, G5, H6, on time G4, H6; accepted on time G4, H6 (G5 late)
        assertCounts(s2, "volume", 4, "handled_items", 3, "closed_items", 2, "due_items", 3, "closed_on_time", 2, "acceptance_due", 3, "accepted_on_time", 2,
                "dispatched_items", 3, "returned_items", 0, "closed_once_items", 2, "reopened_items", 0, "rated_cases", 1, "satisfied_cases", 1,
                "complaints", 1, "repeat_complaints", 0, "mediated_disputes", 1, "mediation_succeeded", 0, "warnings_opened", 1, "warnings_cleared", 1,
                "two_way_ratings", 1);
        // H6 closed on 10-26; its reopening on 11-02 is after the period
        assertRate(s2, "completion_rate", 2.0 / 3);
        // feedback: G4 (10-14) and H6 (10-26) in time; G5 none and past its 10-25 deadline -> 2 / 3
        assertCounts(s2, "feedback_due", 3, "fed_back_on_time", 2, "closed_cases", 1);
        assertRate(s2, "on_time_feedback_rate", 2.0 / 3);
        assertRate(s2, "follow_up_rate", 1);
        assertRate(s2, "median_handling_hours", 37);
        assertRate(s2, "mediation_success_rate", 0);
        assertRate(s2, "median_warning_response_minutes", 30);
        double s2Composite = 100 * (0.15 * 2 / 3 + 0.15 * 2 / 3 + 0.10 * 2 / 3 + 0.20 * 1 + 0.05 + 0.05 + 0.05 + 0.10 * 0 + 0.15 * 0.60);
        assertRate(s2, "composite_score", s2Composite);

        // ranks: S2 (70.67) before S1 (70.60), in the district and the city; with lists.size = 1, S2 red and S1 black
        assertEquals(1, ((Number) s2.get("rank_in_district")).intValue());
        assertEquals(2, ((Number) s1.get("rank_in_district")).intValue());
        assertEquals(1, ((Number) s2.get("rank_in_city")).intValue());
        assertEquals(2, ((Number) s1.get("rank_in_city")).intValue());
        assertEquals(2, ((Number) s1.get("ranked_in_city")).intValue(), "streets without any figure are not ranked");
        assertEquals("RED", s2.get("list"));
        assertEquals("红榜", s2.get("list_label"));
        assertEquals("BLACK", s1.get("list"));
        assertEquals("黑榜", s1.get("list_label"));
        assertEquals("FAIR", s1.get("grade"));
        assertEquals(true, s1.get("below_min_satisfaction"));
        assertEquals(false, s2.get("below_min_satisfaction"));
        // communities: C21 (72.92) red, C11 (72.75), C12 (66.76) black
        assertEquals("RED", row("2026-10", C21).get("list"));
        assertNull(row("2026-10", C11).get("list"));
        assertEquals("BLACK", row("2026-10", C12).get("list"));
        assertEquals(3, ((Number) row("2026-10", C12).get("rank_in_district")).intValue());

        for (String area : List.of(DISTRICT, CITY)) {
            Map<String, Object> above = row("2026-10", area);
            assertCounts(above, "volume", 12, "grid_items", 5, "hotline_cases", 5, "police_signals", 2, "handled_items", 10, "closed_items", 7,
                    "due_items", 9, "closed_on_time", 6, "acceptance_due", 10, "accepted_on_time", 6, "dispatched_items", 8, "returned_items", 2,
                    "closed_once_items", 8, "reopened_items", 1, "rated_cases", 4, "satisfied_cases", 3, "complaints", 4, "repeat_complaints", 2,
                    "mediated_disputes", 2, "mediation_succeeded", 1, "warnings_opened", 4, "warnings_cleared", 3, "off_list_assignments", 1,
                    "two_way_ratings", 4, "feedback_due", 9, "fed_back_on_time", 6, "closed_cases", 5);
            assertRate(above, "follow_up_rate", 4.0 / 5);
            // 1, 24, 25, 26, 26, 50, 98, 120 -> 26; warnings 30, 90, 240 -> 90; ratings of its streets 80, 90, 70, 60 -> 75
            assertRate(above, "median_handling_hours", 26);
            assertRate(above, "median_warning_response_minutes", 90);
            assertRate(above, "two_way_score", 75);
            // 100 x (.15 x .7 + .15 x 6/9 + .10 x .6 + .20 x .75 + .05 x .75 + .05 x .875 + .05 x .5 + .10 x .5 + .15 x .75) = 68.375
            assertRate(above, "composite_score", 68.375);
            assertEquals("POOR", above.get("grade"));
            assertNull(above.get("list"), "lists are of streets and communities");
        }
        assertEquals(1, ((Number) row("2026-10", DISTRICT).get("rank_in_city")).intValue(), "the only district with figures");
        assertNull(row("2026-10", CITY).get("rank_in_city"));
    }

    @Test
    void everyAreaIsEvaluatedOncePerPeriodAndRerunsReplace() throws Exception {
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement()) {
            long areas = single(statement, "SELECT count(*) FROM iceberg." + fixture.namespace() + ".dim_area WHERE level IN ('CITY', 'DISTRICT', 'STREET', 'COMMUNITY')");
            for (String period : List.of("2026-09", "2026-10", "2026-Q4")) {
                assertEquals(areas, single(statement, "SELECT count(*) FROM iceberg." + fixture.namespace() + ".eval_score WHERE period = '" + period + "'"), period);
                assertEquals(areas, single(statement, "SELECT count(DISTINCT area_code) FROM iceberg." + fixture.namespace() + ".eval_score WHERE period = '"
                        + period + "'"), period);
            }
            // September: G0, H4, G6, G7 (and W5)
            assertEquals(4, single(statement, "SELECT volume FROM iceberg." + fixture.namespace() + ".eval_score WHERE period = '2026-09' AND area_code = '" + CITY + "'"));
        }
    }

    @Test
    void aQuarterCountsItsWholeTimeAndItsRatingPeriods() throws Exception {
        Map<String, Object> s2 = row("2026-Q4", S2);
        assertEquals("QUARTER", s2.get("period_kind"));
        // in Q4, H6's reopening on 11-02 is inside the period: G4 alone is closed at the end, H6 is reopened
        assertCounts(s2, "handled_items", 3, "closed_items", 1, "reopened_items", 1, "closed_once_items", 2);
        // G3's assignment on 11-01 is inside Q4 and still after its 10-31 deadline
        assertCounts(row("2026-Q4", C12), "acceptance_due", 3, "accepted_on_time", 1);
        // 2026-10 ratings count for 2026-Q4
        assertRate(row("2026-Q4", S1), "two_way_score", 80);
    }

    @Test
    void hotTopicsCompareWithThePreviousPeriod() throws Exception {
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT area_code, matter_group, items, previous_items, growth, growth_rate, rated_cases, satisfied_cases, "
                        + "satisfaction_rate, growth_rank, hot FROM iceberg." + fixture.namespace() + ".eval_topic WHERE period = '2026-10' AND area_code IN ('"
                        + S1 + "', '" + S2 + "')")) {
            Map<String, String> topics = new HashMap<>();
            while (rows.next()) {
                topics.put(rows.getString(1) + " " + rows.getString(2), rows.getLong(3) + " " + rows.getLong(4) + " " + rows.getLong(5) + " "
                        + rows.getObject(6) + " " + rows.getLong(7) + " " + rows.getLong(8) + " " + rows.getObject(9) + " " + rows.getInt(10) + " " + rows.getBoolean(11));
            }
            // S1 sanitation: G1, H1, H2 against G0 -> 3 vs 1, growth 2 (+200 %), rank 1, rated H1 satisfied and H2 not -> 0.5
            assertEquals("3 1 2 2.0 2 1 0.5 1 true", topics.get(S1 + " SANITATION_CITYSCAPE"));
            // S1 livelihood: H3, H5 against H4 -> growth 1, rank 2 (tied with dispute, public order and hazard), rated H3 -> 1.0
            assertEquals("2 1 1 1.0 1 1 1.0 2 true", topics.get(S1 + " LIVELIHOOD_VULNERABLE"));
            assertEquals("1 0 1 null 0 0 null 2 true", topics.get(S1 + " DISPUTE"));
            // S2: disputes G4, G5 (growth 2, rank 1); livelihood H6 and public order P2 (growth 1, rank 2); public facilities 0 vs 2 -> rank 4, not hot
            assertEquals("2 0 2 null 0 0 null 1 true", topics.get(S2 + " DISPUTE"));
            assertEquals("1 0 1 null 1 1 1.0 2 true", topics.get(S2 + " LIVELIHOOD_VULNERABLE"));
            assertEquals("0 2 -2 -1.0 0 0 null 4 false", topics.get(S2 + " PUBLIC_FACILITIES"));
            assertEquals(9, topics.size(), topics.toString());
        }
    }

    private static Map<String, Object> row(String period, String area) throws Exception {
        try (Connection connection = Trino.connect(trinoUrl, Trino.PLATFORM_USER); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM iceberg." + fixture.namespace() + ".eval_score WHERE period = '" + period
                        + "' AND area_code = '" + area + "'")) {
            assertTrue(rows.next(), "no row for " + period + " " + area);
            ResultSetMetaData metadata = rows.getMetaData();
            Map<String, Object> row = new HashMap<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                row.put(metadata.getColumnName(i), rows.getObject(i));
            }
            assertFalse(rows.next(), "one row per period and area");
            return row;
        }
    }

    private static void assertCounts(Map<String, Object> row, Object... namesAndCounts) {
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            String name = (String) namesAndCounts[i];
            assertEquals(((Number) namesAndCounts[i + 1]).longValue(), ((Number) row.get(name)).longValue(), row.get("area_code") + " " + name);
        }
    }

    private static void assertRate(Map<String, Object> row, String name, double expected) {
        Object actual = row.get(name);
        assertTrue(actual != null, row.get("area_code") + " " + name + " is null");
        assertEquals(expected, ((Number) actual).doubleValue(), EPSILON, row.get("area_code") + " " + name);
    }

    private static long single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
