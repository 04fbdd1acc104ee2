package org.bss.devservices.boot;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled start embedded servers for what is not configured (Kafka, PostgreSQL, Redis)
 * @param dataDir where the embedded servers keep their data; none: a temporary folder shared by the JVM (tests).
 *                The development jar sets {@code data}.
 */
@ConfigurationProperties(prefix = "bss.devservices")
public record DevServicesProperties(@DefaultValue("true") boolean enabled, Path dataDir) {
}
