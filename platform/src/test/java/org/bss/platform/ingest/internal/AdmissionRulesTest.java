package org.bss.platform.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.Violation;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventCatalog;
import org.bss.platform.schemas.SchemaPolicy;
import org.junit.jupiter.api.Test;

/** The admission decision on its own: each kind of refusal, and what is admitted. */
class AdmissionRulesTest {

    private static final Instant NOW = Instant.parse("2025-11-07T10:30:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final String TENANT = "acme";
    private static final Optional<DataSchema> PAYMENT = EventCatalog.builtIn().schemaFor("payment.created");

    private static CloudEvent event(String type, String time, String contentType, String data, Map<String, Object> extensions) {
        return new CloudEvent("1.0", "evt-1", "/billing", type, "customer/c-1", time, contentType, null, extensions,
                data == null ? null : data.getBytes(StandardCharsets.UTF_8));
    }

    private static CloudEvent payment(String data) {
        return event("payment.created", "2025-11-07T10:00:00Z", "application/json", data, Map.of());
    }

    private static final String GOOD_PAYMENT = "{\"amount\":100,\"currency\":\"EUR\",\"customer_id\":\"c-1\"}";

    private static Admission admit(CloudEvent event, Optional<DataSchema> schema, SchemaPolicy policy) {
        return AdmissionRules.admit(event, TENANT, schema, policy, NOW, SKEW);
    }

    private static Admission.Refused refused(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Refused.class);
        return (Admission.Refused) admission;
    }

    @Test
    void aValidEventOfACatalogTypeIsAdmittedAsValidated() {
        CloudEvent event = payment(GOOD_PAYMENT);

        assertThat(admit(event, PAYMENT, SchemaPolicy.STRICT)).isEqualTo(new Admission.Admitted(event, true));
    }

    @Test
    void anEventWithoutASchemaIsAdmittedUnvalidatedUnderThePermissivePolicy() {
        CloudEvent event = event("shipment.sent", "2025-11-07T10:00:00Z", "application/json", "{\"box\":1}", Map.of());

        assertThat(admit(event, Optional.empty(), SchemaPolicy.PERMISSIVE)).isEqualTo(new Admission.Admitted(event, false));
    }

    @Test
    void anEnvelopeFaultIsInvalidAndNamesTheAttribute() {
        CloudEvent noSource = new CloudEvent("1.0", "evt-1", null, "payment.created", null, null, null, null, Map.of(), null);

        Admission.Refused refused = refused(admit(noSource, PAYMENT, SchemaPolicy.PERMISSIVE));

        assertThat(refused.reason()).isEqualTo(Admission.Reason.INVALID);
        assertThat(refused.check()).isEqualTo(Admission.Check.ENVELOPE);
        assertThat(refused.violations()).extracting(Violation::pointer).contains("/source");
    }

    @Test
    void aTenantExtensionNamingAnotherTenantIsTheWrongTenant() {
        CloudEvent event = event("payment.created", "2025-11-07T10:00:00Z", "application/json", GOOD_PAYMENT,
                Map.of("tenantid", "globex"));

        Admission.Refused refused = refused(admit(event, PAYMENT, SchemaPolicy.PERMISSIVE));

        assertThat(refused.reason()).isEqualTo(Admission.Reason.WRONG_TENANT);
        assertThat(refused.check()).isEqualTo(Admission.Check.TENANT);
        assertThat(refused.violations()).extracting(Violation::pointer).containsExactly("/tenantid");
    }

    @Test
    void theCallersOwnTenantInTheExtensionIsAdmitted() {
        CloudEvent event = event("payment.created", "2025-11-07T10:00:00Z", "application/json", GOOD_PAYMENT,
                Map.of("tenantid", TENANT));

        assertThat(admit(event, PAYMENT, SchemaPolicy.STRICT)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aTypeWithoutASchemaIsInvalidUnderTheStrictPolicy() {
        CloudEvent event = event("shipment.sent", "2025-11-07T10:00:00Z", "application/json", "{\"box\":1}", Map.of());

        Admission.Refused refused = refused(admit(event, Optional.empty(), SchemaPolicy.STRICT));

        assertThat(refused.reason()).isEqualTo(Admission.Reason.INVALID);
        assertThat(refused.check()).isEqualTo(Admission.Check.UNKNOWN_TYPE);
        assertThat(refused.violations()).containsExactly(
                Violation.at("type", "has no registered schema, and this tenant's policy is strict"));
    }

    @Test
    void jsonDataThatIsNotUtf8IsInvalid() {
        CloudEvent event = new CloudEvent("1.0", "evt-1", "/billing", "payment.created", null, null, "application/json",
                null, Map.of(), new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});

        assertThat(refused(admit(event, PAYMENT, SchemaPolicy.PERMISSIVE)).violations())
                .containsExactly(Violation.at("data", "JSON data must be UTF-8 (RFC 8259)"));
    }

    @Test
    void jsonDataThatDoesNotParseIsInvalidAtTheData() {
        Admission.Refused refused = refused(admit(payment("{\"amount\":"), PAYMENT, SchemaPolicy.PERMISSIVE));

        assertThat(refused.reason()).isEqualTo(Admission.Reason.INVALID);
        assertThat(refused.check()).isEqualTo(Admission.Check.ENVELOPE);
        assertThat(refused.violations()).extracting(Violation::pointer).allMatch(p -> p.startsWith("/data"));
    }

    @Test
    void dataAgainstTheSchemaIsInvalidAtTheField() {
        Admission.Refused refused = refused(admit(payment("{\"amount\":\"ten\",\"currency\":\"EUR\",\"customer_id\":\"c-1\"}"),
                PAYMENT, SchemaPolicy.PERMISSIVE));

        assertThat(refused.check()).isEqualTo(Admission.Check.SCHEMA);
        assertThat(refused.violations()).extracting(Violation::pointer).containsExactly("/data/amount");
    }

    @Test
    void aRefusalWithSchemaAndRuleViolationsIsTheSchemasWhichComeFirst() {
        Admission.Refused refused = refused(admit(payment("{\"amount\":-5,\"currency\":\"EUR\"}"), PAYMENT,
                SchemaPolicy.PERMISSIVE));

        assertThat(refused.check()).isEqualTo(Admission.Check.SCHEMA);
        assertThat(refused.violations()).extracting(Violation::pointer).contains("/data/amount");
    }

    @Test
    void aTypeWithASchemaNeedsData() {
        assertThat(refused(admit(payment(null), PAYMENT, SchemaPolicy.PERMISSIVE)).violations())
                .containsExactly(Violation.at("data", "is required for type payment.created"));
    }

    @Test
    void aTypeWithASchemaNeedsJsonData() {
        CloudEvent binary = event("payment.created", null, "application/octet-stream", "xyz", Map.of());

        assertThat(refused(admit(binary, PAYMENT, SchemaPolicy.PERMISSIVE)).violations())
                .containsExactly(Violation.at("datacontenttype", "must be JSON for type payment.created, which has a schema"));
    }

    @Test
    void theDataQualityRulesApplyToTypesWithoutASchemaToo() {
        CloudEvent negative = event("refund.made", "2025-11-07T10:00:00Z", "application/json",
                "{\"amount\":-5,\"currency\":\"XXY\"}", Map.of());

        Admission.Refused refused = refused(admit(negative, Optional.empty(), SchemaPolicy.PERMISSIVE));

        assertThat(refused.check()).isEqualTo(Admission.Check.RULE);
        assertThat(refused.violations()).extracting(Violation::pointer).containsExactlyInAnyOrder("/data/amount", "/data/currency");
    }

    @Test
    void aTimeTooFarInTheFutureIsInvalidAndOnlyOnceAtTheTime() {
        CloudEvent future = event("shipment.sent", "2025-11-07T10:36:00Z", null, null, Map.of());

        assertThat(refused(admit(future, Optional.empty(), SchemaPolicy.PERMISSIVE)).violations())
                .containsExactly(Violation.at("time", "is more than 5 minutes in the future"));
        assertThat(AdmissionRules.admit(event("shipment.sent", "2025-11-07T10:34:59Z", null, null, Map.of()), TENANT,
                Optional.empty(), SchemaPolicy.PERMISSIVE, NOW, SKEW)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aTimeWhoseUtcFormHasAFiveDigitYearIsInvalid() {
        Duration forever = Duration.ofDays(365L * 10_000);
        CloudEvent lastMicrosecond = event("shipment.sent", "9999-12-31T23:59:59.999999Z", null, null, Map.of());
        CloudEvent westOfUtc = event("shipment.sent", "9999-12-31T23:00:00-01:00", null, null, Map.of());
        CloudEvent roundsUp = event("shipment.sent", "9999-12-31T23:59:59.9999996Z", null, null, Map.of());

        assertThat(AdmissionRules.admit(lastMicrosecond, TENANT, Optional.empty(), SchemaPolicy.PERMISSIVE, NOW, forever))
                .isInstanceOf(Admission.Admitted.class);
        for (CloudEvent tooLate : new CloudEvent[] {westOfUtc, roundsUp}) {
            assertThat(refused(AdmissionRules.admit(tooLate, TENANT, Optional.empty(), SchemaPolicy.PERMISSIVE, NOW, forever))
                    .violations()).as(tooLate.time()).containsExactly(Violation.at("time", "must be before year 10000 in UTC"));
        }
    }

    @Test
    void aRefusalNamesAtLeastOneViolation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Admission.Refused(Admission.Check.ENVELOPE, java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEventRefusedOnItsEnvelopeIsRefusedBeforeAnythingIsLookedUp() {
        CloudEvent event = event("\u0000customer.created", "2025-11-07T10:00:00Z", "application/json", "{}", Map.of());
        AdmissionRules.Lookup failing = new AdmissionRules.Lookup() {
            @Override
            public Optional<DataSchema> schemaFor(String type) {
                throw new AssertionError("looked up the schema of " + type);
            }

            @Override
            public SchemaPolicy policy() {
                throw new AssertionError("looked up the policy");
            }
        };

        Admission.Refused refused = refused(AdmissionRules.admit(event, TENANT, failing, NOW, SKEW));

        assertThat(refused.check()).isEqualTo(Admission.Check.ENVELOPE);
        assertThat(refused.violations()).extracting(Violation::pointer).containsExactly("/type");
        assertThat(Refusals.typeOf(event, refused)).as("the type a refusal is counted under").isNull();
    }

    @Test
    void aRefusalForAnotherReasonIsCountedUnderTheEventsType() {
        CloudEvent event = payment("{\"amount\":-1,\"currency\":\"EUR\",\"customer_id\":\"c-1\"}");

        Admission.Refused refused = refused(admit(event, PAYMENT, SchemaPolicy.STRICT));

        assertThat(Refusals.typeOf(event, refused)).isEqualTo("payment.created");
    }
}
