package org.bss.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.bss.platform.console.TestIdentityProvider.Login;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider the console's browser test signs in at really holds a code to its PKCE verifier, its client and its
 * redirect URI, and signs what it issues: otherwise that test would prove nothing of the console's side of the flow.
 */
class TestIdentityProviderTest {

    static final String REDIRECT = "http://localhost:1/console/";
    static final String VERIFIER = "a-verifier-of-at-least-forty-three-characters-0123456789";

    @RegisterExtension
    static final TestIdentityProvider PROVIDER = new TestIdentityProvider("console", "bss-platform");
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void register() {
        PROVIDER.registerRedirect(REDIRECT);
    }

    static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String query(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Signs in: the code from the redirect back to the client. */
    static String code(String redirect) throws IOException, InterruptedException {
        HttpResponse<String> back = get(PROVIDER.issuer() + "/authorize?" + query(Map.of("response_type", "code",
                "client_id", "console", "redirect_uri", redirect, "scope", "openid admin", "state", "s1",
                "code_challenge", TestIdentityProvider.s256(VERIFIER), "code_challenge_method", "S256")));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String location = back.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").contains("&state=s1");
        return TestIdentityProvider.form(URI.create(location).getRawQuery()).get("code");
    }

    static HttpResponse<String> token(String code, String verifier, String redirect) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(PROVIDER.issuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query(Map.of("grant_type", "authorization_code", "code", code,
                        "client_id", "console", "redirect_uri", redirect, "code_verifier", verifier))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCodeIsExchangedOnceWithItsVerifierForSignedTokens() throws Exception {
        PROVIDER.nextLogin(new Login("openid admin", Duration.ofMinutes(5), false));
        JsonNode discovery = JSON.readTree(get(PROVIDER.issuer() + "/.well-known/openid-configuration").body());
        assertThat(discovery.get("issuer").asString()).isEqualTo(PROVIDER.issuer());
        String code = code(REDIRECT);

        HttpResponse<String> answer = token(code, VERIFIER, REDIRECT);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode tokens = JSON.readTree(answer.body());
        SignedJWT access = SignedJWT.parse(tokens.get("access_token").asString());
        RSAKey key = JWKSet.parse(get(discovery.get("jwks_uri").asString()).body()).getKeys().getFirst().toRSAKey();
        assertThat(access.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(access.getJWTClaimsSet().getIssuer()).isEqualTo(PROVIDER.issuer());
        assertThat(access.getJWTClaimsSet().getAudience()).containsExactly("bss-platform");
        assertThat(access.getJWTClaimsSet().getStringClaim("tenant_id")).isEqualTo("platform");
        assertThat(access.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("openid admin");
        assertThat(SignedJWT.parse(tokens.get("id_token").asString()).verify(new RSASSAVerifier(key))).isTrue();

        HttpResponse<String> again = token(code, VERIFIER, REDIRECT);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("invalid_grant");
    }

    @Test
    void aWrongVerifierOrRedirectIsRefusedAndTheCodeSpent() throws Exception {
        HttpResponse<String> wrongVerifier = token(code(REDIRECT), VERIFIER + "x", REDIRECT);
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(wrongVerifier.body()).contains("invalid_grant").contains("code_verifier");

        HttpResponse<String> wrongRedirect = token(code(REDIRECT), VERIFIER, "http://localhost:2/console/");
        assertThat(wrongRedirect.statusCode()).isEqualTo(400);
        assertThat(wrongRedirect.body()).contains("redirect_uri");

        HttpResponse<String> unregistered = get(PROVIDER.issuer() + "/authorize?" + query(Map.of("response_type", "code",
                "client_id", "console", "redirect_uri", "http://evil.example.test/", "state", "s1",
                "code_challenge", "c", "code_challenge_method", "S256")));
        assertThat(unregistered.statusCode()).as("never sent to an address the client did not register").isEqualTo(400);
        assertThat(unregistered.headers().firstValue("Location")).isEmpty();
    }
}
