package org.bss.platform.ingest.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.InvalidEventException;
import org.bss.model.envelope.Violation;
import org.bss.model.schema.DataQualityRules;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventData;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.schemas.SchemaPolicy;
import tools.jackson.databind.JsonNode;

/**
 * Whether an event may go to Kafka, as a pure function of the event, the caller's tenant, the schema of its type
 * for that tenant, the tenant's schema policy and the time: envelope rules, the tenant, the data against the
 * schema, the data-quality rules. Whoever calls it looks the schema and policy up.
 */
final class AdmissionRules {

    /**
     * The first instant whose UTC form, rounded to the microseconds the store keeps, has a five-digit year. RFC
     * 3339 writes four, and the store hands times back in UTC, so a time from here on (possible with a negative
     * offset, or a large future skew) is refused.
     */
    static final Instant YEAR_10000 = Instant.parse("9999-12-31T23:59:59.9999995Z");

    private AdmissionRules() {
    }

    /**
     * @param tenantId      the caller's tenant (from the credentials)
     * @param schema        the schema of the event's type as the tenant sees it; empty when it has none
     * @param policy        the tenant's policy for a type without a schema
     * @param now           the time of the decision
     * @param maxFutureSkew how far after {@code now} the event's {@code time} may be
     */
    static Admission admit(CloudEvent event, String tenantId, Optional<DataSchema> schema, SchemaPolicy policy,
            Instant now, Duration maxFutureSkew) {
        return admit(event, tenantId, new Lookup() {
            @Override
            public Optional<DataSchema> schemaFor(String type) {
                return schema;
            }

            @Override
            public SchemaPolicy policy() {
                return policy;
            }
        }, now, maxFutureSkew);
    }

    /**
     * The same decision, with the schema and the policy looked up only for an event whose envelope and tenant pass:
     * an attribute the envelope rules refuse (a type holding U+0000, say) never reaches a lookup, which could fail on
     * it (PostgreSQL text cannot hold U+0000) and turn a bad event into a failure of the platform.
     */
    static Admission admit(CloudEvent event, String tenantId, Lookup lookup, Instant now, Duration maxFutureSkew) {
        List<Violation> envelope = EnvelopeRules.check(event);
        if (!envelope.isEmpty()) {
            return new Admission.Refused(Admission.Check.ENVELOPE, envelope);
        }
        Object claimed = event.extensions().get(EventRecords.TENANT_EXTENSION);
        if (claimed != null && !claimed.equals(tenantId)) {
            return new Admission.Refused(Admission.Check.TENANT,
                    List.of(Violation.at(EventRecords.TENANT_EXTENSION, "names another tenant than the caller's")));
        }
        Optional<DataSchema> schema = lookup.schemaFor(event.type());
        if (schema.isEmpty() && lookup.policy() == SchemaPolicy.STRICT) {
            return new Admission.Refused(Admission.Check.UNKNOWN_TYPE,
                    List.of(Violation.at("type", "has no registered schema, and this tenant's policy is strict")));
        }
        List<Violation> violations = new ArrayList<>();
        JsonNode data = null;
        if (event.hasData() && event.hasJsonData()) {
            if (!Utf8.isValid(event.data())) {
                return new Admission.Refused(Admission.Check.ENVELOPE,
                        List.of(Violation.at("data", "JSON data must be UTF-8 (RFC 8259)")));
            }
            try {
                data = EventData.parse(event.data());
            } catch (InvalidEventException e) {
                return new Admission.Refused(Admission.Check.ENVELOPE, e.violations());
            }
        }
        if (schema.isPresent()) {
            if (data == null) {
                violations.add(event.hasData()
                        ? Violation.at("datacontenttype", "must be JSON for type " + event.type() + ", which has a schema")
                        : Violation.at("data", "is required for type " + event.type()));
            } else {
                violations.addAll(schema.get().validate(data));
            }
        }
        int schemaViolations = violations.size();
        for (Violation quality : DataQualityRules.check(event, data, now, maxFutureSkew)) {
            if (violations.stream().noneMatch(v -> v.pointer().equals(quality.pointer()))) {
                violations.add(quality); // one reason per field is enough; the schema's comes first
            }
        }
        Instant time = event.time() == null ? null : event.timeInstant();
        if (time != null && !time.isBefore(YEAR_10000) && violations.stream().noneMatch(v -> v.pointer().equals("/time"))) {
            violations.add(Violation.at("time", "must be before year 10000 in UTC"));
        }
        if (violations.isEmpty()) {
            return new Admission.Admitted(event, schema.isPresent());
        }
        return new Admission.Refused(schemaViolations > 0 ? Admission.Check.SCHEMA : Admission.Check.RULE, violations);
    }

    /** What the decision looks up for the caller's tenant, asked only once the event's envelope is valid. */
    interface Lookup {

        /** The schema of the type as the tenant sees it; empty when it has none. */
        Optional<DataSchema> schemaFor(String type);

        /** The tenant's policy for a type without a schema. */
        SchemaPolicy policy();
    }
}
