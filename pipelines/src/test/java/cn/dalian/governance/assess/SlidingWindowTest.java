package cn.dalian.governance.assess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
    private static final long W = 100;
    /** Orange at 2 items in the window, red at 4 (R1's counts). */
    private static final SlidingWindow.Levels R1 = counts -> counts[0] >= 4 ? 2 : counts[0] >= 2 ? 1 : 0;

    private static SlidingWindow.Presence p(String id, long at) {
        return SlidingWindow.Presence.of(id, at, W, 0);
    }

    @Test
    void oneItemIsNoRegionAndTwoItemsAreARegionFromTheSecondUntilTheFirstLeaves() {
        assertEquals(List.of(), SlidingWindow.regions(List.of(p("a", 10)), 0, 1, R1));
        List<SlidingWindow.Region> regions = SlidingWindow.regions(List.of(p("a", 10), p("b", 60)), 0, 1, R1);
        assertEquals(1, regions.size());
        SlidingWindow.Region region = regions.get(0);
        assertEquals(60, region.start());
        assertEquals(110, region.end(), "a is in the window at the instants 10 ≤ τ < 110");
        assertEquals(1, region.peakRank());
        assertEquals(List.of("a", "b"), region.itemIds());
        assertEquals(10, region.earliest());
    }

    @Test
    void itemsExactlyAWindowApartAreNeverTogether() {
        assertEquals(List.of(), SlidingWindow.regions(List.of(p("a", 0), p("b", W)), 0, 1, R1));
    }

    @Test
    void theRegionRecordsItsHighestLevelAndItsFullestInstant() {
        List<SlidingWindow.Region> regions = SlidingWindow.regions(List.of(p("a", 0), p("b", 10), p("c", 20), p("d", 30), p("e", 150)), 0, 1, R1);
        assertEquals(1, regions.size());
        SlidingWindow.Region region = regions.get(0);
        assertEquals(10, region.start());
        assertEquals(2, region.peakRank(), "four together from 30 to 100");
        assertEquals(4, region.peakTotal());
        assertEquals(30, region.peakAt());
        assertArrayEquals(new long[] {4}, region.peakCounts());
        assertEquals(120, region.end(), "when c leaves only d is left; e comes after d has gone");
        assertEquals(List.of("a", "b", "c", "d"), region.itemIds());
    }

    @Test
    void regionsStartNoEarlierThanFromAndIgnoreItemsAlreadyOutOfTheirWindow() {
        List<SlidingWindow.Region> regions = SlidingWindow.regions(List.of(p("old", -500), p("a", 10), p("b", 60)), 70, 1, R1);
        assertEquals(1, regions.size());
        assertEquals(70, regions.get(0).start(), "judged from the instant 70 on");
        assertEquals(List.of("a", "b"), regions.get(0).itemIds());
    }

    @Test
    void anItemCountsOnlyWhileItIsPresentSoAClosedCaseStopsCountingAndAReopenedOneCountsAgain() {
        List<SlidingWindow.Presence> cases = List.of(
                new SlidingWindow.Presence("c1", 0, 30, 0, 0), new SlidingWindow.Presence("c1", 60, 100, 0, 0),
                new SlidingWindow.Presence("c2", 10, 110, 0, 10));
        List<SlidingWindow.Region> regions = SlidingWindow.regions(cases, 0, 1, R1);
        assertEquals(2, regions.size(), "c1 closed from 30 to 60");
        assertEquals(10, regions.get(0).start());
        assertEquals(30, regions.get(0).end());
        assertEquals(60, regions.get(1).start());
        assertEquals(100, regions.get(1).end());
    }

    @Test
    void theRegionsDependOnTheSetOfItemsNotTheOrderTheyAreGivenIn() {
        List<SlidingWindow.Presence> points = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            points.add(p("i" + i, random.nextInt(2_000)));
        }
        String expected = render(SlidingWindow.regions(points, 0, 1, R1));
        for (int shuffle = 0; shuffle < 20; shuffle++) {
            Collections.shuffle(points, random);
            assertEquals(expected, render(SlidingWindow.regions(points, 0, 1, R1)));
        }
    }

    private static String render(List<SlidingWindow.Region> regions) {
        return regions.stream().map(r -> r.start() + "-" + r.end() + ":" + r.peakRank() + "/" + r.peakTotal() + "@" + r.peakAt() + r.itemIds()).toList().toString();
    }
}
