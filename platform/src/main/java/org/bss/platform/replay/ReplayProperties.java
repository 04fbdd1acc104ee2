package org.bss.platform.replay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workers       replay jobs this instance runs at once (each on one thread); 0 runs none
 * @param pageSize      events read from the store at a time; a job's position is stored after each page
 * @param pollInterval  how often an instance looks for jobs to take up and renews the leases of its own
 * @param lease         how long a job stays with an instance that stopped renewing it (crashed) before another
 *                      instance, or the same one restarted, takes it up
 * @param yieldBacklog  a job waits while more records than this on bss.events are not stored yet: live ingest
 *                      comes first
 * @param share         while events arrive on bss.events, the part of the time a job may work: after each page it
 *                      pauses as long as the page took times (1 - share) / share; 1 never pauses
 * @param swapWait      how long a rebuild waits, holding the live projection, for the store to reach the
 *                      projection's positions before it gives up this attempt to swap (and tries again later)
 */
@ConfigurationProperties(prefix = "bss.replay")
public record ReplayProperties(
        @DefaultValue("1") int workers,
        @DefaultValue("500") int pageSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("20000") long yieldBacklog,
        @DefaultValue("0.5") double share,
        @DefaultValue("30s") Duration swapWait) {
}
