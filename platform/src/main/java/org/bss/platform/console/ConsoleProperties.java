package org.bss.platform.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the console's pages are told by {@code /console/config.json}.
 *
 * @param refresh  how often the overview asks for throughput, consumer lag and health, and the replays page for its
 *                 jobs' progress
 * @param window   how far back the overview's charts reach (an instance keeps its last 10 minutes)
 * @param tailRows the most events the live tail keeps on the page (the oldest go)
 */
@ConfigurationProperties(prefix = "bss.console")
public record ConsoleProperties(@DefaultValue("2s") Duration refresh, @DefaultValue("5m") Duration window,
        @DefaultValue("300") int tailRows) {

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
    }
}
