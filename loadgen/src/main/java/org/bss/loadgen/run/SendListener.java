package org.bss.loadgen.run;

import java.util.List;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.traffic.GeneratedEvent;

/**
 * Told of every write the {@link Driver} makes, for what needs to know when each event left and how the platform
 * answered it (the stream subscribers' accounting). Called on the threads that send and read answers.
 */
public interface SendListener {

    SendListener NONE = new SendListener() {
        @Override
        public void sending(TenantKey tenant, List<GeneratedEvent> events, long nanos) {
        }

        @Override
        public void answered(TenantKey tenant, List<GeneratedEvent> events, int status, List<GeneratedEvent> accepted) {
        }
    };

    /** The request carrying these events is about to be written, at {@code nanos} of {@link System#nanoTime()}. */
    void sending(TenantKey tenant, List<GeneratedEvent> events, long nanos);

    /**
     * The request's answer: its status (0 for none: a transport error or a timeout) and the events it accepted (all
     * of a 202, some of a 207, else none).
     */
    void answered(TenantKey tenant, List<GeneratedEvent> events, int status, List<GeneratedEvent> accepted);
}
