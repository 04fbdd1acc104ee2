package org.bss.platform.tenancy.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param bootstrapKey an admin key ({@code bss_} and 43 base64url characters) registered at start-up, e.g. from a
 *                     secret store: the operators' first key
 */
@ConfigurationProperties(prefix = "bss.admin")
public record AdminProperties(String bootstrapKey) {
}
