package org.bss.platform.stream.internal;

import java.time.Duration;
import java.util.List;
import org.bss.platform.stream.StreamProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Pages of the origins in {@code bss.stream.allowed-origins} may ask for tickets, open the stream and manage
 * subscriptions from the browser (credentials travel in headers or the ticket, never in cookies).
 */
@Configuration(proxyBeanMethods = false)
class StreamCors {

    @Bean
    CorsConfigurationSource corsConfigurationSource(StreamProperties settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (settings.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration stream = new CorsConfiguration();
        stream.setAllowedOrigins(settings.allowedOrigins());
        stream.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        stream.setAllowedHeaders(List.of("X-API-Key", "Authorization", "Content-Type", "Last-Event-ID"));
        stream.setExposedHeaders(List.of("Location", "Retry-After"));
        stream.setMaxAge(Duration.ofHours(1));
        source.registerCorsConfiguration("/api/v1/stream", stream);
        source.registerCorsConfiguration("/api/v1/stream/**", stream);
        return source;
    }
}
