package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The shipped Keycloak realm ({@code deploy/keycloak/bss-realm.json}) on a real Keycloak, trusted by the platform with
 * the documented settings: its service clients get real tokens by the client credentials grant and act for their
 * tenant with their roles, and for nothing else. Its platform (a context of its own, for the issuer) is closed after
 * the class, so that its consumers take no CPU from the tests that follow.
 */
@DirtiesContext
class KeycloakRealmTest extends ApiTest {

    static final KeycloakServer KEYCLOAK = KeycloakServer.shared();

    @DynamicPropertySource
    static void trustTheRealm(DynamicPropertyRegistry registry) {
        registry.add("bss.security.jwt.issuers[0].issuer", KEYCLOAK::issuer);
        registry.add("bss.security.jwt.issuers[0].audience", () -> "bss-platform");
    }

    @BeforeEach
    void tenantsOfTheRealm() {
        tenants.create("acme", "Acme (Keycloak realm test)");
        tenants.create("globex", "Globex (Keycloak realm test)");
    }

    private ApiClient as(String clientId) {
        return client(null).withBearer(KEYCLOAK.accessToken(clientId, clientId + "-secret"));
    }

    private static String event(String id) {
        return """
                {"specversion":"1.0","type":"acme.ping","source":"/keycloak","id":"%s","data":{"n":1}}""".formatted(id);
    }

    private static List<String> ids(ApiClient.Response page) {
        List<String> ids = new ArrayList<>();
        page.json().get("events").forEach(event -> ids.add(event.get("id").asString()));
        return ids;
    }

    @Test
    void aServiceClientsTokenNamesItsTenantRolesAndThePlatformAsAudience() {
        JsonNode claims = KeycloakServer.claims(KEYCLOAK.accessToken("acme-ingest", "acme-ingest-secret"));

        assertThat(claims.get("iss").asString()).isEqualTo(KEYCLOAK.issuer());
        assertThat(claims.get("tenant_id").asString()).isEqualTo("acme");
        assertThat(claims.get("aud").toString()).contains("bss-platform");
        assertThat(claims.get("realm_access").get("roles").toString()).contains("events:write", "events:read")
                .doesNotContain("admin", "schemas:write");
    }

    @Test
    void aTenantsServiceSendsAndReadsItsEventsAndAnotherTenantSeesNoneOfThem() {
        ApiClient acme = as("acme-ingest");
        ApiClient globex = as("globex-ingest");
        String id = UUID.randomUUID().toString();

        ApiClient.Response accepted = acme.postEvent(event(id));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ids(acme.get("/api/v1/events?id=" + id))).containsExactly(id));
        ApiClient.Response theirs = globex.get("/api/v1/events?id=" + id);
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(ids(theirs)).isEmpty();
    }

    @Test
    void aTokenIsRefusedAnEventNamingAnotherTenant() {
        ApiClient.Response refused = as("globex-ingest").postEvent(event(UUID.randomUUID().toString())
                .replace("\"data\"", "\"tenantid\":\"acme\",\"data\""));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aReadOnlyClientReadsButMayNotSend() {
        ApiClient reporting = as("acme-reporting");

        ApiClient.Response refused = reporting.postEvent(event(UUID.randomUUID().toString()));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(reporting.get("/api/v1/events?limit=1").status()).isEqualTo(200);
    }

    @Test
    void onlyTheOperatorsClientReachesTheAdminApi() {
        ApiClient.Response operator = as("bss-operator").get("/api/v1/admin/tenants");
        ApiClient.Response tenant = as("acme-ingest").get("/api/v1/admin/tenants");

        assertThat(operator.status()).as(operator.toString()).isEqualTo(200);
        assertThat(operator.body()).contains("\"acme\"", "\"globex\"");
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(403);
    }

    @Test
    void aWrongSecretGetsNoTokenAndATamperedTokenIsRefused() {
        assertThat(KEYCLOAK.clientCredentials("acme-ingest", "not-the-secret").statusCode()).isEqualTo(401);

        String token = KEYCLOAK.accessToken("acme-ingest", "acme-ingest-secret");
        String[] parts = token.split("\\.");
        String otherTenant = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                KeycloakServer.claims(token).toString().replace("\"acme\"", "\"globex\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ApiClient.Response refused = client(null).withBearer(parts[0] + "." + otherTenant + "." + parts[2])
                .postEvent(event(UUID.randomUUID().toString()));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }
}
