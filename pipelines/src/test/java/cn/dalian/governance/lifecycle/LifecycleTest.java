package cn.dalian.governance.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.HotlineState;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void gridItemWalksTheFullChainOfArticle22() {
        GridState[] chain = {GridState.COLLECTED, GridState.ASSIGNED, GridState.HANDLING, GridState.FEEDBACK, GridState.VERIFIED, GridState.CLOSED};
        GridState current = null;
        for (GridState next : chain) {
            assertTrue(GridLifecycle.allows(current, next), current + " -> " + next);
            current = next;
        }
        assertTrue(GridLifecycle.isClosed(current));
    }

    @Test
    void gridItemMustStartCollectedAndCannotSkipToClosed() {
        assertFalse(GridLifecycle.allows(null, GridState.ASSIGNED));
        assertFalse(GridLifecycle.allows(GridState.COLLECTED, GridState.CLOSED));
        assertFalse(GridLifecycle.allows(GridState.HANDLING, GridState.CLOSED));
        assertFalse(GridLifecycle.allows(GridState.CLOSED, GridState.HANDLING));
        assertFalse(GridLifecycle.allows(GridState.COLLECTED, GridState.COLLECTED));
    }

    @Test
    void gridSideStatesReturnIntoTheChain() {
        assertTrue(GridLifecycle.allows(GridState.ASSIGNED, GridState.RETURNED));
        assertTrue(GridLifecycle.allows(GridState.RETURNED, GridState.ASSIGNED));
        assertTrue(GridLifecycle.allows(GridState.ESCALATED, GridState.ASSIGNED));
        assertTrue(GridLifecycle.allows(GridState.VERIFIED, GridState.HANDLING), "failed verification goes back to handling");
        assertTrue(GridLifecycle.allows(GridState.CLOSED, GridState.REOPENED));
        assertTrue(GridLifecycle.allows(GridState.REOPENED, GridState.HANDLING));
    }

    @Test
    void hotlineCaseAnswersInquiriesAtIntakeAndReopensAfterClosing() {
        assertTrue(HotlineLifecycle.allows(null, HotlineState.RECEIVED));
        assertTrue(HotlineLifecycle.allows(HotlineState.RECEIVED, HotlineState.REPLIED));
        assertTrue(HotlineLifecycle.allows(HotlineState.DISPATCHED, HotlineState.RETURNED));
        assertTrue(HotlineLifecycle.allows(HotlineState.RETURNED, HotlineState.DISPATCHED));
        assertTrue(HotlineLifecycle.allows(HotlineState.CLOSED, HotlineState.REOPENED));
        assertTrue(HotlineLifecycle.allows(HotlineState.REOPENED, HotlineState.DISPATCHED));
        assertFalse(HotlineLifecycle.allows(HotlineState.RECEIVED, HotlineState.CLOSED));
        assertFalse(HotlineLifecycle.allows(HotlineState.RETURNED, HotlineState.REPLIED));
        assertFalse(HotlineLifecycle.allows(null, HotlineState.DISPATCHED));
    }
}
