package org.bss.platform.stream.internal;

import java.io.IOException;

/** Where a stream's writer puts what it sends: a Server-Sent Events response or a WebSocket session. */
interface StreamSink {

    /** The stream is live: everything accepted from now on will come. */
    void opened() throws IOException;

    void event(Delivery delivery, String position) throws IOException;

    /** Keeps an idle connection open through proxies, and finds out that a client is gone. */
    void heartbeat() throws IOException;

    void flush() throws IOException;

    /** The last event before the stream is closed: {@code stream.overflow}, as structured CloudEvents JSON. */
    void overflow(byte[] event, String position) throws IOException;

    /** Ends the stream (the instance stops, or after an overflow). */
    void end() throws IOException;
}
