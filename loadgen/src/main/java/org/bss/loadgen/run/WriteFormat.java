package org.bss.loadgen.run;

import java.util.List;
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.traffic.GeneratedEvent;

/**
 * What a write looks like on the wire and what its answer means: the platform's CloudEvents API
 * ({@link PlatformWrites}) or the Strimzi Kafka Bridge's producer API ({@link BridgeWrites}). The {@link Driver} asks
 * for heads and bodies on the thread that makes requests, and for outcomes on the threads that read answers.
 */
public interface WriteFormat {

    /** How an answer counts: the status it is counted under (2xx: a success) and the events it accepted. */
    record Outcome(int status, List<GeneratedEvent> accepted) {
    }

    /**
     * A write's request line and headers up to the Host header, for a tenant's current credential header (built once,
     * and again when the credential changes).
     */
    byte[] head(Credential.Header credential);

    /** The body of a write of a tenant's events, one at least. */
    byte[] body(String tenantId, List<GeneratedEvent> events);

    /** What an answer to a write of these events means; status 0 (no answer: a transport error or a timeout) accepts none. */
    Outcome outcome(int status, byte[] answer, List<GeneratedEvent> events);
}
