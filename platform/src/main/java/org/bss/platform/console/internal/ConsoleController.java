package org.bss.platform.console.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bss.platform.console.ConsoleProperties;
import org.bss.platform.tenancy.JwtProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code /console}: the console's page (static files under {@code static/console}) and {@code config.json}, what the
 * page needs to know before it has a credential. Open to anyone: it holds no data, and every call the page makes
 * carries the operator's own credential.
 */
@Controller
class ConsoleController {

    private final ConsoleProperties settings;
    private final String version;

    ConsoleController(ConsoleProperties settings, JwtProperties jwt, ObjectProvider<BuildProperties> build) {
        requireTrusted(settings, jwt);
        this.settings = settings;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties != null ? properties.getVersion() : "unknown";
    }

    /**
     * The provider's tokens carry its issuer as {@code iss}, and the API accepts a token only from an issuer it trusts
     * under exactly that name: a console signing in elsewhere would have every call refused.
     */
    static void requireTrusted(ConsoleProperties settings, JwtProperties jwt) {
        if (!settings.offersOidc()) {
            return;
        }
        String issuer = settings.oidcIssuer().toString();
        if (jwt.issuers().stream().noneMatch(trusted -> issuer.equals(trusted.issuer()))) {
            throw new IllegalStateException("bss.console.oidc-issuer '" + issuer + "' must also be one of"
                    + " bss.security.jwt.issuers[n].issuer, spelt the same (the API accepts tokens of those issuers only); trusted: "
                    + jwt.issuers().stream().map(JwtProperties.Issuer::issuer).toList());
        }
    }

    /** The page's relative links (config.json, its modules) need the trailing slash. */
    @GetMapping("/console")
    String redirect() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    String page() {
        return "forward:/console/index.html";
    }

    @GetMapping(path = "/console/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", version);
        config.put("refreshMillis", settings.refresh().toMillis());
        config.put("windowSeconds", settings.window().toSeconds());
        config.put("tailRows", settings.tailRows());
        config.put("oidc", settings.offersOidc() ? Map.of("issuer", settings.oidcIssuer().toString(),
                "clientId", settings.oidcClientId(), "scope", settings.oidcScope()) : null);
        return config;
    }
}
