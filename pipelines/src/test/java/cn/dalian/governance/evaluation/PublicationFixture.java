package cn.dalian.governance.evaluation;

import cn.dalian.governance.iceberg.CatalogSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated October data for the publication tests, in a namespace of its own: three streets (two of 中山区 with
 * enough items for counts of 5 and more, one of 西岗区 with three items, whose counts are all suppressed), with
 * lifecycles, ratings, warnings and a September for the hot topics. Some transitions carry raw personal data in
 * their free text and person keys, as if ingest had let it through: the publication must not show any of it.
 */
public final class PublicationFixture implements AutoCloseable {
    /** The personal data written into the source rows. */
    public static final List<String> LEAKED = List.of("王建国", "李秀英", "13812345678", "13987654321", "210202198001011234", "0411-84567890");
    private static final List<String> LARGE = List.of("210202001001", "210202001002", "210202001003");
    private static final String MEDIUM = "210202002001";
    private static final String SMALL = "210203001001";

    private final EvaluationFixture fixture;

    private PublicationFixture(EvaluationFixture fixture) {
        this.fixture = fixture;
    }

    public static PublicationFixture create(String trinoUrl) throws Exception {
        EvaluationFixture fixture = EvaluationFixture.create("gov_pub_it", trinoUrl);
        PublicationFixture publication = new PublicationFixture(fixture);
        publication.insertBaseline();
        return publication;
    }

    public String namespace() {
        return fixture.namespace();
    }

    public CatalogSettings settings() {
        return fixture.settings();
    }

    /** September items, two-way ratings and warnings, written once. */
    private void insertBaseline() throws Exception {
        List<EvaluationFixture.Event> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(fixture.event("SEP" + i, "GRID", "COLLECTED", "2026-09-" + (10 + i) + " 09:00", LARGE.get(i % 3)).group(i % 2 == 0 ? "DISPUTE" : "PUBLIC_FACILITIES"));
        }
        fixture.insertEvents(events);
        List<String> ratings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ratings.add(fixture.rating(LARGE.get(i % 3), "210202001", "2026-10", 70 + 3 * i));
            ratings.add(fixture.rating(MEDIUM, "210202002", "2026-10", 65 + 4 * i));
        }
        fixture.insertRatings(ratings);
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String community = LARGE.get(i % 3);
            String day = String.format("2026-10-%02d", 3 + 3 * i);
            warnings.add(EvaluationFixture.warning("PW" + i, community, "COMMUNITY", "OPENED", day + " 10:00", "210202001"));
            warnings.add(EvaluationFixture.warning("PW" + i, community, "COMMUNITY", "CLEARED", day + " " + (11 + i % 4) + ":30", "210202001"));
        }
        fixture.insertWarnings(warnings);
    }

    /** One batch of October items: batch 0 the first data, later batches more data landing. */
    public void insertOctober(int batch) throws Exception {
        List<EvaluationFixture.Event> events = new ArrayList<>();
        int large = batch == 0 ? 27 : 9;
        int medium = batch == 0 ? 11 : 4;
        for (int i = 0; i < large; i++) {
            item(events, "B" + batch + "L" + i, i + 7 * batch, LARGE.get(i % 3));
        }
        for (int i = 0; i < medium; i++) {
            item(events, "B" + batch + "M" + i, i + 5 * batch, MEDIUM);
        }
        if (batch == 0) {
            for (int i = 0; i < 3; i++) {
                item(events, "B0S" + i, i, SMALL);
            }
            for (int i = 0; i < 6; i++) {
                events.add(fixture.event("POL" + i, "POLICE", "SIGNALLED", String.format("2026-10-%02d 21:00", 2 + 4 * i), LARGE.get(i % 3)).group("PUBLIC_ORDER"));
            }
        }
        fixture.insertEvents(events);
    }

    /** An item's whole lifecycle, varied by {@code n}: grid or hotline, on time or late, closed or open, rated. */
    private void item(List<EvaluationFixture.Event> events, String id, int n, String community) {
        int day = 1 + (n * 3) % 27;
        int hour = 8 + n % 10;
        String received = time(day, hour);
        String dispatchDue = time(day, hour + 2);
        String resolveDue = time(day + 2, hour);
        boolean hotline = n % 3 != 1;
        String group = n % 3 == 0 ? "SANITATION_CITYSCAPE" : n % 3 == 1 ? (n % 2 == 0 ? "DISPUTE" : "SANITATION_CITYSCAPE") : "LIVELIHOOD_VULNERABLE";
        List<EvaluationFixture.Event> item = new ArrayList<>();
        if (hotline) {
            item.add(fixture.event(id, "HOTLINE", "RECEIVED", received, community));
            item.add(fixture.event(id, "HOTLINE", "DISPATCHED", time(day, hour + (n % 7 == 0 ? 3 : 1)), community));
        } else {
            item.add(fixture.event(id, "GRID", "COLLECTED", received, community).grid(community + "001"));
            item.add(fixture.event(id, "GRID", "ASSIGNED", time(day, hour + (n % 7 == 0 ? 3 : 1)), community).grid(community + "001"));
        }
        if (n % 6 != 5) {
            EvaluationFixture.Event closed = fixture.event(id, hotline ? "HOTLINE" : "GRID", "CLOSED", time(day + (n % 8 == 0 ? 3 : 1), hour), community);
            if (hotline) {
                closed.satisfaction(n % 4 == 0 ? "UNSATISFIED" : "SATISFIED");
            } else if ("DISPUTE".equals(group)) {
                closed.mediation(n % 4 == 0 ? "FAILED" : "SUCCEEDED");
            }
            item.add(closed);
        }
        for (EvaluationFixture.Event event : item) {
            event.group(group).due(dispatchDue, resolveDue);
            if (hotline) {
                if (n % 3 == 0) {
                    event.complaint("caller-" + n % 5);
                } else {
                    event.request("caller-" + n % 5);
                }
            }
            if (n % 4 == 1) {
                event.leaked("联系人" + LEAKED.get(0) + " 电话" + LEAKED.get(2) + " 身份证" + LEAKED.get(4) + " 座机" + LEAKED.get(5), List.of(LEAKED.get(1), LEAKED.get(3)));
            }
        }
        events.addAll(item);
    }

    private static String time(int day, int hour) {
        return String.format("2026-10-%02d %02d:00", day + hour / 24, hour % 24);
    }

    @Override
    public void close() throws Exception {
        fixture.close();
    }
}
