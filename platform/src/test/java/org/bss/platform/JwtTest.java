package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpServer;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * JWT bearer tokens from three trusted issuers (one provisions tenants on first use), signed in the test against
 * JWK sets served on loopback; one test per kind of token that must be refused, on two instances where a change
 * made on one must reach the other.
 */
class JwtTest extends ApiTest {

    static final String ISSUER = "https://idp.example.test/bss";
    static final String KEYCLOAK = "https://keycloak.example.test/realms/bss";
    static final String PROVISIONING = "https://provisioning.example.test/bss";
    static final String AUDIENCE = "bss-platform";
    static final RsaSigner KEY = new RsaSigner();
    static final RsaSigner KEYCLOAK_KEY = new RsaSigner();
    static final RsaSigner PROVISIONING_KEY = new RsaSigner();
    static final RsaSigner STRANGER = new RsaSigner();
    static final HttpServer JWKS = serve();
    /** A second instance with the same issuers, which refreshes its caches only every 10 minutes. */
    static ConfigurableApplicationContext other;

    static Map<String, String> issuerProperties() {
        String base = "http://127.0.0.1:" + JWKS.getAddress().getPort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("bss.security.jwt.issuers[0].issuer", ISSUER);
        properties.put("bss.security.jwt.issuers[0].jwk-set-uri", base + "/idp");
        properties.put("bss.security.jwt.issuers[0].audience", AUDIENCE);
        properties.put("bss.security.jwt.issuers[1].issuer", KEYCLOAK);
        properties.put("bss.security.jwt.issuers[1].jwk-set-uri", base + "/keycloak");
        properties.put("bss.security.jwt.issuers[2].issuer", PROVISIONING);
        properties.put("bss.security.jwt.issuers[2].jwk-set-uri", base + "/provisioning");
        properties.put("bss.security.jwt.issuers[2].provision-tenants", "true");
        return properties;
    }

    @DynamicPropertySource
    static void issuers(DynamicPropertyRegistry registry) {
        issuerProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    static void startOther() {
        List<String> arguments = new ArrayList<>(List.of("--bss.roles=ingest,query", "--bss.cache-refresh=10m"));
        issuerProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        other = OtherInstance.start(arguments.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        other.close();
        JWKS.stop(0);
    }

    private static HttpServer serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/idp", exchange -> reply(exchange, KEY.publicJwksJson()));
            server.createContext("/keycloak", exchange -> reply(exchange, KEYCLOAK_KEY.publicJwksJson()));
            server.createContext("/provisioning", exchange -> reply(exchange, PROVISIONING_KEY.publicJwksJson()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static JWTClaimsSet.Builder claims(String tenant) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("svc-billing")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("tenant_id", tenant).claim("scope", "events:write events:read");
    }

    private ApiClient bearer(String token) {
        return new ApiClient("http://localhost:" + port, null).withBearer(token);
    }

    /** The same token, on this instance and on the other one. */
    private List<ApiClient> everywhere(String token) {
        return List.of(bearer(token), new ApiClient(OtherInstance.baseUrl(other), null).withBearer(token));
    }

    private ApiClient admin() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        return new ApiClient("http://localhost:" + port, tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
    }

    private String tenant() {
        String tenant = "jwt-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        return tenant;
    }

    static String event() {
        return """
                {"specversion":"1.0","type":"acme.ping","source":"/jwt","id":"%s","data":{"n":1}}""".formatted(UUID.randomUUID());
    }

    @Test
    void aValidTokenActsForItsTenant() {
        String tenant = tenant();
        ApiClient client = bearer(KEY.sign(claims(tenant).build()));

        ApiClient.Response accepted = client.postEvent(event());

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(client.get("/api/v1/events").status()).isEqualTo(200);
        assertThat(client.postEvent(event().replace("\"data\"", "\"tenantid\":\"another\",\"data\"")).status()).isEqualTo(403);
    }

    @Test
    void aKeycloakShapedTokenGetsItsRolesFromRealmAccess() {
        String tenant = tenant();
        Instant now = Instant.now();
        JWTClaimsSet keycloak = new JWTClaimsSet.Builder().issuer(KEYCLOAK).subject(UUID.randomUUID().toString())
                .audience("account").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("typ", "Bearer").claim("azp", "billing-service").claim("scope", "profile email")
                .claim("realm_access", Map.of("roles", List.of("events:write", "offline_access")))
                .claim("resource_access", Map.of("account", Map.of("roles", List.of("view-profile"))))
                .claim("tenant_id", tenant).build();
        ApiClient client = bearer(KEYCLOAK_KEY.sign(keycloak));

        assertThat(client.postEvent(event()).status()).isEqualTo(202);
        assertThat(client.get("/api/v1/events").status()).as("no events:read role").isEqualTo(403);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String none = new PlainJWT(claims(tenant()).build()).serialize();
        assertRefused(bearer(none));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        assertRefused(bearer(STRANGER.sign(claims(tenant()).build())));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant past = Instant.now().minusSeconds(600);
        assertRefused(bearer(KEY.sign(claims(tenant()).issueTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past)).build())));
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        assertRefused(bearer(KEY.sign(claims(tenant()).notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build())));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        assertRefused(bearer(KEY.sign(claims(tenant()).issuer("https://evil.example.test").build())));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRefused(bearer(KEY.sign(claims(tenant()).audience("someone-else").build())));
    }

    @Test
    void aTokenWithoutATenantIsRefused() {
        assertRefused(bearer(KEY.sign(claims(tenant()).claim("tenant_id", null).build())));
    }

    @Test
    void aTokenWithoutTheScopeIsForbidden() {
        ApiClient reader = bearer(KEY.sign(claims(tenant()).claim("scope", "events:read").build()));

        assertThat(reader.postEvent(event()).status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/events").status()).isEqualTo(200);
    }

    @Test
    void aTokenForATenantNeverCreatedIsRefusedOnEveryInstance() {
        String never = "never-" + UUID.randomUUID().toString().substring(0, 8);

        for (ApiClient client : everywhere(KEY.sign(claims(never).build()))) {
            assertForbidden(client.postEvent(event()), "unknown-tenant", never);
            assertForbidden(client.get("/api/v1/events"), "unknown-tenant", never);
        }
        assertThat(admin().get("/api/v1/admin/tenants/" + never).status()).as("nothing was created").isEqualTo(404);
    }

    @Test
    void aDisabledTenantsTokenIsRefusedOnEveryInstance() {
        String tenant = tenant();
        List<ApiClient> clients = everywhere(KEY.sign(claims(tenant).build()));
        for (ApiClient client : clients) {
            assertThat(client.postEvent(event()).status()).isEqualTo(202);
            assertThat(client.get("/api/v1/events").status()).isEqualTo(200);
        }

        assertThat(admin().post("/api/v1/admin/tenants/" + tenant + "/disable", "application/json", "").status()).isEqualTo(200);

        for (ApiClient client : clients) {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.postEvent(event()).status() == 403);
            assertForbidden(client.postEvent(event()), "tenant-disabled", tenant);
            assertForbidden(client.get("/api/v1/events"), "tenant-disabled", tenant);
        }
    }

    @Test
    void aProvisioningIssuerCreatesTheTenantOnFirstUse() {
        String tenant = "prov-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient client = bearer(PROVISIONING_KEY.sign(claims(tenant).issuer(PROVISIONING).build()));

        ApiClient.Response accepted = client.postEvent(event());

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        ApiClient admin = admin();
        assertThat(admin.get("/api/v1/admin/tenants").json().get("tenants").valueStream()
                .filter(t -> t.get("tenantId").asString().equals(tenant))
                .map(t -> t.get("status").asString())).containsExactly("active");
        assertThat(admin.get("/api/v1/admin/audit?tenantId=" + tenant).json().get("entries").valueStream()
                .map(e -> e.get("action").asString())).containsExactly("tenant.provisioned");
        assertThat(bearer(KEY.sign(claims(tenant).build())).postEvent(event()).status())
                .as("the tenant exists now, for every issuer").isEqualTo(202);

        admin.post("/api/v1/admin/tenants/" + tenant + "/disable", "application/json", "");
        assertForbidden(client.postEvent(event()), "tenant-disabled", tenant);
        assertForbidden(bearer(PROVISIONING_KEY.sign(claims("Not A Tenant Id").issuer(PROVISIONING).build())).postEvent(event()),
                "unknown-tenant", "Not A Tenant Id");
    }

    private static void assertForbidden(ApiClient.Response response, String problem, String tenant) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:bss:problem:" + problem);
        assertThat(response.json().get("detail").asString()).contains("'" + tenant + "'");
    }

    private static void assertRefused(ApiClient client) {
        ApiClient.Response response = client.postEvent(event());
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
