package cn.dalian.governance.ingest;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.AssigneeType;
import cn.dalian.governance.avro.Item;
import cn.dalian.governance.avro.MatterGroup;
import cn.dalian.governance.avro.Source;
import cn.dalian.governance.avro.Urgency;
import cn.dalian.governance.reference.Matter;
import cn.dalian.governance.reference.MatterCatalogue;
import cn.dalian.governance.schema.AvroCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Step 5 of ingest: builds the conformed {@link Item} of an accepted transition from its decoded
 * fields — pseudonymised persons and caller, masked text, off-list flag (Art. 21, 24), SLA deadlines
 * from the catalogue. Not thread-safe (its {@link Pseudonymizer} is not).
 */
public final class Conformer {
    public static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);

    private final Pseudonymizer pseudonymizer;
    private final MatterCatalogue matters;

    public Conformer(Pseudonymizer pseudonymizer, MatterCatalogue matters) {
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.matters = requireNonNull(matters, "matters is null");
    }

    Item conform(Transition t, Instant now) {
        Item item = new Item();
        item.setEventId(t.eventId);
        item.setItemId(t.itemId);
        item.setSource(Source.valueOf(t.source));
        item.setOccurredAt(Instant.ofEpochMilli(t.occurredAt));
        item.setIngestedAt(now);
        item.setState(t.state);
        item.setPreviousState(t.previousState);
        item.setGridCode(t.gridCode);
        item.setCommunityCode(t.communityCode);
        item.setStreetCode(t.streetCode);
        item.setDistrictCode(t.districtCode);
        item.setMatterCode(t.matterCode);
        item.setMatterVersion(t.matterVersion);
        item.setMatterGroup(MatterGroup.valueOf(t.matterGroup));
        Urgency urgency = Urgency.valueOf(t.urgency);
        item.setUrgency(urgency);
        Matter matter = t.matterCode == null ? null
                : matters.inForce(t.matterCode, item.getOccurredAt()).orElseThrow(() -> new IllegalStateException("matter vanished: " + t));
        if (matter != null && t.createdAt != 0) {
            Instant created = Instant.ofEpochMilli(t.createdAt);
            item.setDispatchDueAt(created.plus(matter.dispatchWithin(urgency)));
            item.setResolveDueAt(created.plus(matter.resolveWithin(urgency)));
        }
        switch (item.getSource()) {
            case GRID -> grid(item, t, matter);
            case HOTLINE -> hotline(item, t);
            case POLICE -> police(item, t);
            default -> throw new IllegalStateException(t.source);
        }
        return item;
    }

    private void grid(Item item, Transition t, Matter matter) {
        List<String> keys = new ArrayList<>(t.personNames.length * 2);
        for (int i = 0; i < t.personNames.length; i++) {
            keys.add(pseudonymizer.name(t.personNames[i]));
            if (t.personIdNumbers[i] != null) {
                keys.add(pseudonymizer.idNumber(t.personIdNumbers[i]));
            }
            if (t.personPhones[i] != null) {
                keys.add(pseudonymizer.phone(t.personPhones[i]));
            }
        }
        boolean offList = AssigneeType.GRID.name().equals(t.assigneeType) && !matter.gridAdmitted()
                || AssigneeType.COMMITTEE.name().equals(t.assigneeType) && !matter.committeeListed();
        item.setPersonKeys(keys);
        List<String> numbers = new ArrayList<>(Arrays.asList(t.personIdNumbers));
        numbers.addAll(Arrays.asList(t.personPhones));
        item.setDescriptionMasked(Pseudonymizer.mask(t.text, Arrays.asList(t.personNames), numbers));
        item.setReporterType(t.reporterType);
        item.setVulnerableGroup(t.vulnerableGroup);
        item.setAssigneeType(t.assigneeType);
        item.setAssignee(t.assignee);
        item.setAssignedBy(t.assignedBy);
        item.setOffList(offList);
        item.setVerification(t.verification);
        item.setMediationChannel(t.mediationChannel);
        item.setMediationOutcome(t.mediationOutcome);
    }

    private void hotline(Item item, Transition t) {
        List<String> keys = new ArrayList<>(2);
        keys.add(pseudonymizer.phone(t.callerPhone));
        if (t.callerName != null) {
            keys.add(pseudonymizer.name(t.callerName));
        }
        item.setPersonKeys(keys);
        item.setDescriptionMasked(Pseudonymizer.mask(t.text, t.callerName == null ? List.of() : List.of(t.callerName),
                t.callerPhone == null ? List.of() : List.of(t.callerPhone)));
        item.setRequestType(t.requestType);
        item.setChannel(t.channel);
        item.setAssignee(t.handlingUnit);
        item.setAssigneeType(t.handlingUnit == null ? null : AssigneeType.DEPARTMENT.name());
        item.setSatisfaction(t.satisfaction);
    }

    private static void police(Item item, Transition t) {
        item.setPersonKeys(t.subjectKey == null ? List.of() : List.of(t.subjectKey));
        item.setDescriptionMasked(t.policeStation + " " + t.signalType);
        item.setSignalType(t.signalType);
        item.setRiskLevel(t.riskLevel);
        item.setPeopleInvolved(t.peopleInvolved);
    }
}
