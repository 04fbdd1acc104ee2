package org.bss.platform.console;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the console's pages are told by {@code /console/config.json}.
 *
 * @param refresh      how often the overview asks for throughput, consumer lag and health, and the replays page for its
 *                     jobs' progress
 * @param window       how far back the overview's charts reach (an instance keeps its last 10 minutes)
 * @param tailRows     the most events the live tail keeps on the page (the oldest go)
 * @param oidcIssuer   the OpenID Connect provider the login page offers ("Sign in with ..."), one of the issuers whose
 *                     tokens the API trusts; none (or empty): API keys only
 * @param oidcClientId the console's client at that provider (a public client: PKCE, no secret)
 * @param oidcScope    the scopes the console asks the provider for
 */
@ConfigurationProperties(prefix = "bss.console")
public record ConsoleProperties(@DefaultValue("2s") Duration refresh, @DefaultValue("5m") Duration window,
        @DefaultValue("300") int tailRows, URI oidcIssuer, @DefaultValue("bss-console") String oidcClientId,
        @DefaultValue("openid admin") String oidcScope) {

    public ConsoleProperties {
        if (refresh.toMillis() < 250) {
            throw new IllegalArgumentException("bss.console.refresh must be at least 250ms");
        }
        if (window.toSeconds() < 10 || window.toSeconds() > 600) {
            throw new IllegalArgumentException("bss.console.window must be 10s to 10m (an instance keeps 10 minutes of samples)");
        }
        if (tailRows < 1 || tailRows > 10_000) {
            throw new IllegalArgumentException("bss.console.tail-rows must be 1 to 10000");
        }
        if (oidcIssuer != null && oidcIssuer.toString().isEmpty()) {
            oidcIssuer = null;
        }
        if (oidcIssuer != null && (oidcIssuer.getScheme() == null
                || !Set.of("http", "https").contains(oidcIssuer.getScheme()) || oidcIssuer.getHost() == null
                || oidcIssuer.getRawQuery() != null || oidcIssuer.getRawFragment() != null)) {
            throw new IllegalArgumentException("bss.console.oidc-issuer must be an http(s) URL without query or fragment, not '"
                    + oidcIssuer + "'");
        }
        if (oidcIssuer != null && (oidcClientId == null || oidcClientId.isBlank())) {
            throw new IllegalArgumentException("bss.console.oidc-client-id must name the console's client at " + oidcIssuer);
        }
        if (oidcIssuer != null && (oidcScope == null || oidcScope.isBlank())) {
            throw new IllegalArgumentException("bss.console.oidc-scope must not be empty");
        }
    }

    /** Whether the login page offers sign-in with the OpenID Connect provider. */
    public boolean offersOidc() {
        return oidcIssuer != null;
    }
}
