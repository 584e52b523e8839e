package cn.dalian.governance.ingest;

import cn.dalian.governance.job.EncodedRecord;
import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.AssigneeType;
import cn.dalian.governance.avro.GridEvent;
import cn.dalian.governance.avro.HotlineCase;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.PersonInvolved;
import cn.dalian.governance.avro.PoliceRiskSignal;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.reference.Matter;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.schema.AvroCodec;
import cn.dalian.governance.schema.DecodeException;
import cn.dalian.governance.simulator.FeedCodecs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step 5 of ingest: builds the conformed {@link Item} of an accepted transition — pseudonymised
 * persons and caller, masked text, off-list flag (Art. 21, 24), SLA deadlines from the catalogue —
 * and encodes it. Emits a CURATED outcome for the reconciliation.
 */
public final class Conformer extends ProcessFunction<Transition, EncodedRecord> {
    public static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);

    private final Pseudonymizer pseudonymizer;
    private transient MatterCatalogue matters;

    public Conformer(Pseudonymizer pseudonymizer) {
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
    }

    @Override
    public void open(OpenContext context) {
        matters = MatterCatalogue.loadDefault();
    }

    @Override
    public void processElement(Transition t, Context ctx, Collector<EncodedRecord> out) throws DecodeException {
        Item item = conform(t, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()));
        out.collect(new EncodedRecord(item.getItemId(), ITEMS.encode(item), t.raw));
        ctx.output(FeedDecoder.OUTCOMES, new Outcome(t.raw.topic, Outcome.Kind.CURATED, null));
    }

    Item conform(Transition t, Instant now) throws DecodeException {
        Item.Builder item = Item.newBuilder()
                .setEventId(t.eventId)
                .setItemId(t.itemId)
                .setSource(Source.valueOf(t.source))
                .setOccurredAt(Instant.ofEpochMilli(t.occurredAt))
                .setIngestedAt(now)
                .setState(t.state)
                .setPreviousState(t.previousState)
                .setGridCode(t.gridCode)
                .setCommunityCode(t.communityCode)
                .setStreetCode(t.streetCode)
                .setDistrictCode(t.districtCode)
                .setMatterCode(t.matterCode)
                .setMatterVersion(t.matterVersion)
                .setMatterGroup(MatterGroup.valueOf(t.matterGroup))
                .setUrgency(Urgency.valueOf(t.urgency))
                .setPersonKeys(List.of())
                .setDescriptionMasked("");
        Matter matter = t.matterCode == null ? null
                : matters.inForce(t.matterCode, Instant.ofEpochMilli(t.occurredAt)).orElseThrow(() -> new IllegalStateException("matter vanished: " + t));
        if (matter != null && t.createdAt != 0) {
            Instant created = Instant.ofEpochMilli(t.createdAt);
            item.setDispatchDueAt(created.plus(matter.dispatchWithin(Urgency.valueOf(t.urgency))));
            item.setResolveDueAt(created.plus(matter.resolveWithin(Urgency.valueOf(t.urgency))));
        }
        switch (Source.valueOf(t.source)) {
            case GRID -> grid(item, FeedCodecs.GRID.decode(t.raw.value), matter);
            case HOTLINE -> hotline(item, FeedCodecs.HOTLINE.decode(t.raw.value));
            case POLICE -> police(item, FeedCodecs.POLICE.decode(t.raw.value));
            default -> throw new IllegalStateException(t.source);
        }
        return item.build();
    }

    private void grid(Item.Builder item, GridEvent event, Matter matter) {
        List<String> keys = new ArrayList<>();
        for (PersonInvolved person : event.getPersons()) {
            keys.add(pseudonymizer.name(person.getName()));
            if (person.getIdNumber() != null) {
                keys.add(pseudonymizer.idNumber(person.getIdNumber()));
            }
            if (person.getPhone() != null) {
                keys.add(pseudonymizer.phone(person.getPhone()));
            }
        }
        AssigneeType assignee = event.getAssigneeType();
        boolean offList = assignee == AssigneeType.GRID && !matter.gridAdmitted()
                || assignee == AssigneeType.COMMITTEE && !matter.committeeListed();
        item.setPersonKeys(keys)
                .setDescriptionMasked(Pseudonymizer.mask(event.getDescription(), event.getPersons().stream().map(PersonInvolved::getName).toList()))
                .setReporterType(event.getReporterType().name())
                .setVulnerableGroup(event.getVulnerableGroup() == null ? null : event.getVulnerableGroup().name())
                .setAssigneeType(assignee == null ? null : assignee.name())
                .setAssignee(event.getAssignee())
                .setAssignedBy(event.getAssignedBy())
                .setOffList(offList)
                .setVerification(event.getVerification() == null ? null : event.getVerification().name())
                .setMediationChannel(event.getMediationChannel() == null ? null : event.getMediationChannel().name())
                .setMediationOutcome(event.getMediationOutcome() == null ? null : event.getMediationOutcome().name());
    }

    private void hotline(Item.Builder item, HotlineCase event) {
        List<String> keys = new ArrayList<>();
        keys.add(pseudonymizer.phone(event.getCallerPhone()));
        if (event.getCallerName() != null) {
            keys.add(pseudonymizer.name(event.getCallerName()));
        }
        item.setPersonKeys(keys)
                .setDescriptionMasked(Pseudonymizer.mask(event.getText(), event.getCallerName() == null ? List.of() : List.of(event.getCallerName())))
                .setRequestType(event.getRequestType().name())
                .setChannel(event.getChannel().name())
                .setAssignee(event.getHandlingUnit())
                .setAssigneeType(event.getHandlingUnit() == null ? null : AssigneeType.DEPARTMENT.name())
                .setSatisfaction(event.getSatisfaction() == null ? null : event.getSatisfaction().name());
    }

    private static void police(Item.Builder item, PoliceRiskSignal signal) {
        item.setPersonKeys(signal.getSubjectKey() == null ? List.of() : List.of(signal.getSubjectKey()))
                .setDescriptionMasked(signal.getPoliceStation() + " " + signal.getSignalType().name())
                .setSignalType(signal.getSignalType().name())
                .setRiskLevel(signal.getRiskLevel())
                .setPeopleInvolved(signal.getPeopleInvolved());
    }
}
