package org.bss.platform.ingest.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.model.Uuid7;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.schema.DataSchema;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.ingest.IngestProperties;
import org.bss.platform.schemas.SchemaPolicy;
import org.bss.platform.schemas.SchemaRegistry;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.stereotype.Component;

/**
 * {@link AdmissionRules} with what they need looked up (the schema of the event's type, the tenant's policy, the
 * time), events accepted without a schema counted, and an admitted event made ready for Kafka ({@link #toBus}).
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
        String tenantId = caller.tenantId();
        Admission admission = AdmissionRules.admit(event, tenantId, new AdmissionRules.Lookup() {
            @Override
            public Optional<DataSchema> schemaFor(String type) {
                return schemas.schemaFor(tenantId, type);
            }

            @Override
            public SchemaPolicy policy() {
                return schemas.policy(tenantId);
            }
        }, Instant.now(clock), properties.maxFutureSkew());
        if (admission instanceof Admission.Admitted admitted && !admitted.validated()) {
            unvalidated.increment();
        }
        return admission;
    }

    /** The admitted event as it goes to Kafka: the caller's tenant, a new platform id, the accept time. */
    BusEvent toBus(TenantPrincipal caller, Admission.Admitted admitted) {
        return new BusEvent(caller.tenantId(), Uuid7.next(), Instant.now(clock), admitted.event());
    }
}
