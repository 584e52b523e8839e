package cn.dalian.governance.simulator;

import static java.util.Objects.requireNonNull;

import cn.dalian.governance.avro.MatterGroup;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A scripted set of incidents to inject on top of the ordinary traffic (JSON file, see
 * {@code infra/scenarios/}). Each incident is built so that a rule of DESIGN §7 must fire; the
 * simulator writes those expected warnings as ground truth.
 */
public final class Scenario {
    /** The incident types and what they script. */
    public enum IncidentType {
        /** {@code count} mass-gathering police signals in one community, {@code spacingMinutes} apart (R1). */
        MASS_GATHERING,
        /** {@code count} extra grid items in one community within one hour (R2). */
        SURGE,
        /** A grid dispute, two hotline complaints and a police dispute call in one community within 48 h (R3). */
        CONVERGENT_DISPUTE,
        /** One caller, {@code count} cases of one matter group {@code spacingHours} apart, all left open (R4). */
        REPEAT_CALLER,
        /** A grid item collected and never dispatched (R5, blue, then yellow at twice the SLA). */
        OVERDUE,
        /**
         * Unrest in the street of {@code community}, within {@code spacingMinutes} × steps: serious police
         * signals, grid disputes and mass gatherings enough for the street's stability index to fall into
         * 高风险 (R6).
         */
        UNREST
    }

    /** One scripted incident. */
    public record Incident(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "type", required = true) IncidentType type,
            @JsonProperty(value = "community", required = true) String community,
            @JsonProperty(value = "at", required = true) OffsetDateTime at,
            @JsonProperty("count") Integer count,
            @JsonProperty("spacingMinutes") Integer spacingMinutes,
            @JsonProperty("spacingHours") Integer spacingHours,
            @JsonProperty("matterGroup") MatterGroup matterGroup,
            @JsonProperty("matterCode") String matterCode) {
        @JsonCreator
        public Incident {
            requireNonNull(id, "incident id is null");
            requireNonNull(type, "incident type is null");
            requireNonNull(community, "incident community is null");
            requireNonNull(at, "incident time is null");
            if (count != null && count < 1) {
                throw new IllegalArgumentException("incident " + id + ": count must be at least 1");
            }
        }

        int countOr(int fallback) {
            return count == null ? fallback : count;
        }
    }

    private final String name;
    private final List<Incident> incidents;

    @JsonCreator
    public Scenario(@JsonProperty(value = "name", required = true) String name,
                    @JsonProperty(value = "incidents", required = true) List<Incident> incidents) {
        this.name = requireNonNull(name, "name is null");
        this.incidents = List.copyOf(requireNonNull(incidents, "incidents is null"));
    }

    @JsonProperty
    public String name() {
        return name;
    }

    @JsonProperty
    public List<Incident> incidents() {
        return incidents;
    }

    public static Scenario read(Path file) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return json.readValue(file.toFile(), Scenario.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("scenario " + file + ": " + e.getOriginalMessage()
                    + " at " + e.getPathReference(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
    }
}
