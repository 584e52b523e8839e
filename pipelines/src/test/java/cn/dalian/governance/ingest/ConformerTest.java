package cn.dalian.governance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dalian.governance.Topics;
import cn.dalian.governance.avro.AssigneeType;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.GridState;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.avro.PersonInvolved;
import cn.dalian.governance.job.RawRecord;
import cn.dalian.governance.reference.AreaRegistry;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.simulator.FeedCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The curated item of a grid transition: off-list assignments (Art. 21, Art. 24) and the masked description. */
class ConformerTest {
    private static final Instant JUNE = Instant.parse("2026-06-30T02:00:00Z");
    private static final Instant JULY = Instant.parse("2026-07-01T02:00:00Z");

    private static Item conform(String matter, AssigneeType assignee, Instant at) throws Exception {
        GridEvent event = GridEvent.newBuilder(Transitions.gridEvent("e1", "GRID-1", GridState.ASSIGNED, at))
                .setMatterCode(matter).setAssigneeType(assignee).setAssignee("x").setAssignedBy("区住建局")
                .setDescription("春泉社区：王伟反映楼道堆物，联系电话13912345678。")
                .setPersons(List.of(new PersonInvolved("王伟", null, "13912345678"))).build();
        Transition t = FeedDecoder.decode(new RawRecord(Topics.GRID_EVENTS, 0, 1, at.toEpochMilli(), new byte[0], FeedCodecs.GRID.encode(event)));
        new AreaResolver(AreaRegistry.loadDefault(), MatterCatalogue.loadDefault()).resolve(t);
        Conformer conformer = new Conformer(new Pseudonymizer("conformer-test-key-0123".getBytes(StandardCharsets.UTF_8)), MatterCatalogue.loadDefault());
        return conformer.conform(t, at);
    }

    @Test
    void aTaskForTheGridOnAMatterNotAdmittedThenIsOffList() throws Exception {
        // L07 is admitted to the grid list until 2026-06-30 and off it from 2026-07-01 (Art. 21).
        assertEquals(false, conform("L07", AssigneeType.GRID, JUNE).getOffList());
        assertEquals(true, conform("L07", AssigneeType.GRID, JULY).getOffList());
        assertEquals(false, conform("L07", AssigneeType.DEPARTMENT, JULY).getOffList(), "departments may take any matter");
    }

    @Test
    void aTaskForTheResidentsCommitteeOnAMatterNotListedIsOffList() throws Exception {
        // C02 (illegal construction) is not on the committees' list of matters (Art. 24); D01 is.
        assertEquals(true, conform("C02", AssigneeType.COMMITTEE, JULY).getOffList());
        assertEquals(false, conform("D01", AssigneeType.COMMITTEE, JULY).getOffList());
    }

    @Test
    void theDescriptionKeepsNeitherTheNameNorThePhoneOfItsPersons() throws Exception {
        assertEquals("春泉社区：[姓名]反映楼道堆物，联系电话[手机号]。", conform("D01", AssigneeType.GRID, JULY).getDescriptionMasked());
    }

    @Test
    void personsBecomePseudonymsOfTheirNameAndPhoneFromTheDecodedRecordAlone() throws Exception {
        Pseudonymizer pseudonymizer = new Pseudonymizer("conformer-test-key-0123".getBytes(StandardCharsets.UTF_8));
        Item item = conform("D01", AssigneeType.GRID, JULY);
        assertEquals(List.of(pseudonymizer.name("王伟"), pseudonymizer.phone("13912345678")), item.getPersonKeys());
        assertEquals(List.of("GRID", "区住建局", "x", "GRID_WORKER"), List.of(item.getAssigneeType(), item.getAssignedBy(), item.getAssignee(), item.getReporterType()));
    }
}
