package org.bss.platform.ingest.internal;

import java.util.List;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.Violation;

/** What ingest decided about one event before it goes to Kafka ({@link AdmissionRules#admit}). */
sealed interface Admission {

    /** @param validated whether the data was checked against a schema of its type */
    record Admitted(CloudEvent event, boolean validated) implements Admission {
    }

    /**
     * Refused, naming each field that was wrong (at least one).
     *
     * @param check the check that found the first violation
     */
    record Refused(Check check, List<Violation> violations) implements Admission {

        public Refused {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a refusal names at least one violation");
            }
        }

        Reason reason() {
            return check == Check.TENANT ? Reason.WRONG_TENANT : Reason.INVALID;
        }
    }

    enum Reason {
        /** The event breaks a rule: envelope, schema, data quality, or the tenant's schema policy. */
        INVALID,
        /** The event's {@code tenantid} extension names a tenant other than the caller's. */
        WRONG_TENANT
    }

    /** The checks of {@link AdmissionRules}, in the order they run. */
    enum Check {
        /** CloudEvents' rules for the envelope, and data that is not what its {@code datacontenttype} says. */
        ENVELOPE,
        /** The {@code tenantid} extension. */
        TENANT,
        /** A type without a schema under the strict policy. */
        UNKNOWN_TYPE,
        /** The data against the schema of its type. */
        SCHEMA,
        /** The data-quality rules, and times the store cannot give back. */
        RULE
    }
}
