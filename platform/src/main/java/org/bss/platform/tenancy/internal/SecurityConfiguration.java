package org.bss.platform.tenancy.internal;

import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.bss.platform.tenancy.JwtProperties;
import org.bss.platform.tenancy.Scope;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Stateless API security: every /api call needs a credential; health and metrics are open. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No Spring Security observations, and so no observation decorator around every filter of the chain: the
     * property management.observations.enable.spring.security=false only mutes them, and the decorator still cost
     * several per cent of a request's CPU. Requests stay observed as http.server.requests.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * A request the HTTP firewall refuses (a method it does not know, {@code //} or {@code /./} in its path, a header
     * value with control characters) is a 400 problem, like every other malformed request.
     */
    @Bean
    RequestRejectedHandler rejectedRequests(ProblemWriter problems) {
        return (request, response, e) -> {
            if (!response.isCommitted()) {
                response.reset();
                problems.write(response, Problems.refusedByFirewall());
            }
        };
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JdbcTenants tenants, TenantAccess access, ProblemWriter problems,
            JwtProperties jwt, StreamTickets tickets, RequestCallers callers) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (e instanceof CredentialsRefused refused) {
                refused.writeTo(response, problems);
                return;
            }
            boolean bearer = request.getHeader("Authorization") != null;
            response.setHeader("WWW-Authenticate", bearer ? "Bearer error=\"invalid_token\"" : "ApiKey header=\"X-API-Key\"");
            problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED,
                    "Unauthenticated", request.getHeader(ApiKeyAuthenticationFilter.HEADER) == null && !bearer
                            ? "No credentials: send an API key in X-API-Key or a bearer token."
                            : bearer ? "The bearer token is not valid." : e.getMessage()));
        };
        if (!jwt.issuers().isEmpty()) {
            http.oauth2ResourceServer(oauth -> oauth
                    .authenticationManagerResolver(callers.tokens())
                    .authenticationEntryPoint(unauthenticated));
        }
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(response, Problems.of(
                HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden", "The credentials lack the scope this call needs."));

        return http
                .csrf(csrf -> csrf.disable())
                // Cross-origin pages only where a CorsConfigurationSource bean allows them (the stream's).
                .cors(Customizer.withDefaults())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .addFilterBefore(new ApiKeyAuthenticationFilter(tenants, access, unauthenticated),
                        UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new TicketAuthenticationFilter(tickets, access, problems),
                        UsernamePasswordAuthenticationFilter.class)
                // After every way of authenticating (key, ticket, bearer token), before authorisation.
                .addFilterBefore(new ActingTenantFilter(access, problems), ExceptionTranslationFilter.class)
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus", "/error").permitAll()
                        // The console's pages and assets and the API documents hold no data: every call they make
                        // carries its own credentials.
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**", "/webjars/**", "/v3/api-docs",
                                "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**",
                                "/asyncapi.yaml", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/events").hasAuthority(Scope.EVENTS_WRITE.authority())
                        .requestMatchers(HttpMethod.GET, "/api/v1/events").hasAuthority(Scope.EVENTS_READ.authority())
                        .requestMatchers(HttpMethod.GET, "/api/v1/customers/**", "/api/v1/subscriptions/**",
                                "/api/v1/orders/**", "/api/v1/invoices", "/api/v1/invoices/**", "/api/v1/payments/**")
                        .hasAuthority(Scope.EVENTS_READ.authority())
                        .requestMatchers("/api/v1/admin/**").hasAuthority(Scope.ADMIN.authority())
                        .requestMatchers(HttpMethod.PUT, "/api/v1/alerts/thresholds")
                        .hasAnyAuthority(Scope.SCHEMAS_WRITE.authority(), Scope.ADMIN.authority())
                        .requestMatchers(HttpMethod.GET, "/api/v1/metrics", "/api/v1/alerts", "/api/v1/alerts/**")
                        .hasAnyAuthority(Scope.EVENTS_READ.authority(), Scope.ADMIN.authority())
                        .requestMatchers("/api/v1/replays", "/api/v1/replays/**")
                        .hasAnyAuthority(Scope.EVENTS_READ.authority(), Scope.ADMIN.authority())
                        .requestMatchers(HttpMethod.GET, "/api/v1/stream", "/api/v1/stream/ws")
                        .hasAuthority(Scope.EVENTS_READ.authority())
                        .requestMatchers(HttpMethod.POST, "/api/v1/stream/tickets").hasAuthority(Scope.EVENTS_READ.authority())
                        .requestMatchers("/api/v1/stream/subscriptions", "/api/v1/stream/subscriptions/**")
                        .hasAuthority(Scope.EVENTS_READ.authority())
                        .requestMatchers(HttpMethod.POST, "/api/v1/schemas/**").hasAuthority(Scope.SCHEMAS_WRITE.authority())
                        .requestMatchers(HttpMethod.PUT, "/api/v1/schemas/**").hasAuthority(Scope.SCHEMAS_WRITE.authority())
                        .anyRequest().authenticated())
                .build();
    }
}
