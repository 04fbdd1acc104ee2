package org.bss.platform.ingest.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.model.Uuid7;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.InvalidEventException;
import org.bss.model.envelope.Violation;
import org.bss.model.schema.DataQualityRules;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventData;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.ingest.IngestProperties;
import org.bss.platform.schemas.SchemaPolicy;
import org.bss.platform.schemas.SchemaRegistry;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether an event may go to Kafka: envelope rules, the caller's tenant, the data against the schema
 * of its type, the data-quality rules. Every refusal names the fields.
 */
@Component
@ConditionalOnRole(Role.INGEST)
class EventAdmission {

    private final SchemaRegistry schemas;
    private final IngestProperties properties;
    private final Clock clock;
    private final Counter unvalidated;

    EventAdmission(SchemaRegistry schemas, IngestProperties properties, MeterRegistry meters) {
        this.schemas = schemas;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        // No tenant tag: the metrics endpoint is read by operators, not tenants, and must not list them.
        this.unvalidated = Counter.builder("bss.ingest.unvalidated")
                .description("Events accepted without a schema for their type (permissive policy)").register(meters);
    }

    Admission admit(TenantPrincipal caller, CloudEvent event) {
        List<Violation> envelope = EnvelopeRules.check(event);
        if (!envelope.isEmpty()) {
            return invalid(envelope);
        }
        Object claimed = event.extensions().get(EventRecords.TENANT_EXTENSION);
        if (claimed != null && !claimed.equals(caller.tenantId())) {
            return new Admission.Refused(HttpStatus.FORBIDDEN, Problems.TENANT_MISMATCH, "Wrong tenant",
                    "The event's tenantid extension names a tenant other than the caller's.",
                    List.of(Violation.at(EventRecords.TENANT_EXTENSION, "names another tenant than the caller's")));
        }
        Optional<DataSchema> schema = schemas.schemaFor(caller.tenantId(), event.type());
        if (schema.isEmpty() && schemas.policy(caller.tenantId()) == SchemaPolicy.STRICT) {
            return invalid(List.of(Violation.at("type", "has no registered schema, and this tenant's policy is strict")));
        }
        List<Violation> violations = new ArrayList<>();
        JsonNode data = null;
        if (event.hasData() && event.hasJsonData()) {
            if (!Utf8.isValid(event.data())) {
                return invalid(List.of(Violation.at("data", "JSON data must be UTF-8 (RFC 8259)")));
            }
            try {
                data = EventData.parse(event.data());
            } catch (InvalidEventException e) {
                return invalid(e.violations());
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
        for (Violation quality : DataQualityRules.check(event, data, Instant.now(clock), properties.maxFutureSkew())) {
            if (violations.stream().noneMatch(v -> v.pointer().equals(quality.pointer()))) {
                violations.add(quality); // one reason per field is enough; the schema's comes first
            }
        }
        if (!violations.isEmpty()) {
            return invalid(violations);
        }
        if (schema.isEmpty()) {
            unvalidated.increment();
        }
        return new Admission.Admitted(new BusEvent(caller.tenantId(), Uuid7.next(), Instant.now(clock), event),
                schema.isPresent());
    }

    private static Admission.Refused invalid(List<Violation> violations) {
        Violation first = violations.getFirst();
        return new Admission.Refused(HttpStatus.BAD_REQUEST, Problems.INVALID_EVENT, "Invalid event",
                "The event was refused: " + (first.pointer().isEmpty() ? "" : first.pointer() + " ") + first.message()
                        + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""),
                violations);
    }
}
