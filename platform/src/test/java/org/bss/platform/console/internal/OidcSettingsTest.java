package org.bss.platform.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.bss.platform.console.ConsoleProperties;
import org.bss.platform.tenancy.JwtProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Which provider the login page offers: settings bound as the platform binds them, and held to the trusted issuers. */
class OidcSettingsTest {

    static final String KEYCLOAK = "https://keycloak.example.test/realms/bss";

    static ConsoleProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("bss.console", ConsoleProperties.class);
    }

    static JwtProperties trusting(String... issuers) {
        return new JwtProperties("tenant_id", List.of(issuers).stream()
                .map(issuer -> new JwtProperties.Issuer(issuer, null, null, false)).toList());
    }

    @Test
    void noIssuerOrAnEmptyOneOffersNone() {
        assertThat(bind(Map.of()).offersOidc()).isFalse();
        assertThat(bind(Map.of("bss.console.oidc-issuer", "")).offersOidc()).isFalse();
        ConsoleController.requireTrusted(bind(Map.of()), trusting());
    }

    @Test
    void anIssuerIsOfferedWithTheDefaultClientAndScope() {
        ConsoleProperties settings = bind(Map.of("bss.console.oidc-issuer", KEYCLOAK));

        assertThat(settings.offersOidc()).isTrue();
        assertThat(settings.oidcIssuer()).hasToString(KEYCLOAK);
        assertThat(settings.oidcClientId()).isEqualTo("bss-console");
        assertThat(settings.oidcScope()).isEqualTo("openid admin");
        ConsoleController.requireTrusted(settings, trusting("https://other.example.test", KEYCLOAK));
    }

    @Test
    void anIssuerTheApiDoesNotTrustStopsTheStart() {
        ConsoleProperties settings = bind(Map.of("bss.console.oidc-issuer", KEYCLOAK + "/"));

        assertThatThrownBy(() -> ConsoleController.requireTrusted(settings, trusting(KEYCLOAK)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bss.console.oidc-issuer '" + KEYCLOAK + "/'")
                .hasMessageContaining("bss.security.jwt.issuers[n].issuer").hasMessageContaining("[" + KEYCLOAK + "]");
        assertThatThrownBy(() -> ConsoleController.requireTrusted(settings, trusting()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anIssuerMustBeAnHttpUrlAndTheClientAndScopeNotEmpty() {
        assertThatThrownBy(() -> bind(Map.of("bss.console.oidc-issuer", "keycloak/realms/bss")))
                .rootCause().hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> bind(Map.of("bss.console.oidc-issuer", KEYCLOAK + "?x=1")))
                .rootCause().hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> bind(Map.of("bss.console.oidc-issuer", KEYCLOAK, "bss.console.oidc-client-id", " ")))
                .rootCause().hasMessageContaining("bss.console.oidc-client-id");
        assertThatThrownBy(() -> bind(Map.of("bss.console.oidc-issuer", KEYCLOAK, "bss.console.oidc-scope", " ")))
                .rootCause().hasMessageContaining("bss.console.oidc-scope");
    }
}
