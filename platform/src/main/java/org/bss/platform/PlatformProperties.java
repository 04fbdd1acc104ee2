package org.bss.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the whole process.
 *
 * @param roles        which roles run in this process: {@code ingest}, {@code query}, {@code store}, comma-separated,
 *                     or {@code all}
 * @param cacheRefresh how old a cached tenant, key, quota or schema may grow before it is read again; a change made on
 *                     any instance normally reaches the others much sooner, through the control topic
 */
@ConfigurationProperties(prefix = "bss")
public record PlatformProperties(@DefaultValue("all") String roles, @DefaultValue("10s") Duration cacheRefresh) {
}
