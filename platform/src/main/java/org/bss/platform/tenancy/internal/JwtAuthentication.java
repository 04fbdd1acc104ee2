package org.bss.platform.tenancy.internal;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bss.platform.tenancy.JwtProperties;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;

/**
 * JWT bearer tokens: one decoder per trusted issuer (signature by the issuer's JWK set, RS256/ES256 only, so
 * {@code alg: none} and HMAC tricks fail; {@code exp}, {@code nbf}, {@code iss} and, when configured, {@code aud}
 * checked). The tenant comes from a configurable claim and must be registered and enabled (or, for an issuer that
 * provisions tenants, is created on first use); scopes from {@code scope}/{@code scp} and from Keycloak's
 * {@code realm_access.roles}.
 */
final class JwtAuthentication {

    private JwtAuthentication() {
    }

    static JwtIssuerAuthenticationManagerResolver resolver(JwtProperties properties, TenantAccess access) {
        Map<String, AuthenticationManager> managers = new HashMap<>();
        for (JwtProperties.Issuer issuer : properties.issuers()) {
            NimbusJwtDecoder decoder = (issuer.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(issuer.jwkSetUri())
                    : NimbusJwtDecoder.withIssuerLocation(issuer.issuer()))
                    .jwsAlgorithms(algorithms -> {
                        algorithms.clear();
                        algorithms.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
                                SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.PS256));
                    })
                    .build();
            OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(issuer.issuer());
            if (issuer.audience() != null) {
                validator = new DelegatingOAuth2TokenValidator<>(validator, new JwtClaimValidator<Collection<String>>(
                        "aud", audiences -> audiences != null && audiences.contains(issuer.audience())));
            }
            decoder.setJwtValidator(validator);
            JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
            provider.setJwtAuthenticationConverter(jwt -> {
                AbstractAuthenticationToken authentication = principal(jwt, properties.tenantClaim());
                access.admit((TenantPrincipal) authentication.getPrincipal(), issuer);
                return authentication;
            });
            managers.put(issuer.issuer(), provider::authenticate);
        }
        return new JwtIssuerAuthenticationManagerResolver(managers::get);
    }

    static AbstractAuthenticationToken principal(Jwt jwt, String tenantClaim) {
        String tenant = jwt.getClaimAsString(tenantClaim);
        if (tenant == null || tenant.isBlank()) {
            throw new BadCredentialsException("The token names no tenant (claim '" + tenantClaim + "').");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String value : grants(jwt)) {
            for (Scope scope : Scope.values()) {
                if (scope.value().equals(value)) {
                    scopes.add(scope);
                }
            }
        }
        var authorities = scopes.stream().map(s -> new SimpleGrantedAuthority(s.authority())).toList();
        TenantPrincipal principal = new TenantPrincipal(tenant, "jwt:" + jwt.getSubject(), scopes);
        return UsernamePasswordAuthenticationToken.authenticated(principal, jwt, authorities);
    }

    /** {@code scope} (space-separated) or {@code scp} (list), and Keycloak's realm roles. */
    private static List<String> grants(Jwt jwt) {
        List<String> grants = new java.util.ArrayList<>();
        Object scope = jwt.getClaims().get("scope");
        if (scope instanceof String text) {
            grants.addAll(List.of(text.split(" ")));
        }
        Object scp = jwt.getClaims().get("scp");
        if (scp instanceof Collection<?> list) {
            list.forEach(s -> grants.add(String.valueOf(s)));
        } else if (scp instanceof String text) {
            grants.addAll(List.of(text.split(" ")));
        }
        if (jwt.getClaims().get("realm_access") instanceof Map<?, ?> realm && realm.get("roles") instanceof Collection<?> roles) {
            roles.forEach(r -> grants.add(String.valueOf(r)));
        }
        return grants;
    }
}
