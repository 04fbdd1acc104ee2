package org.bss.platform.stream.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/stream}: the caller's tenant's events as Server-Sent Events, as they are accepted. Each event
 * is {@code id: <position>}, {@code event: <type>}, {@code data: <structured CloudEvents JSON>}; {@code :ok} says the
 * stream is live. Errors before the stream starts are problems, as everywhere.
 */
@RestController
@ConditionalOnRole(Role.STREAM)
class StreamController {

    static final String EVENT_STREAM = "text/event-stream;charset=UTF-8";
    private static final Logger log = LoggerFactory.getLogger(StreamController.class);

    private final Streams streams;

    StreamController(Streams streams) {
        this.streams = streams;
    }

    /**
     * The response goes on in a thread of its own (virtual) after this returns, through the servlet's own async
     * context: Spring MVC's async return values (StreamingResponseBody, SseEmitter) held every byte back until the
     * response ended on this server.
     */
    @GetMapping(path = "/api/v1/stream")
    void stream(@AuthenticationPrincipal TenantPrincipal caller, HttpServletRequest request,
            HttpServletResponse response, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId)
            throws IOException {
        StreamSession session = streams.open(caller, Streams.parameters(request.getParameterMap()), lastEventId);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(EVENT_STREAM);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Accel-Buffering", "no"); // a proxy must pass each event on at once
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        async.addListener(new Ending(session));
        ServletOutputStream out = response.getOutputStream();
        long retryMillis = streams.settings().retry().toMillis();
        Thread.ofVirtual().name("bss-stream-sse").start(() -> {
            try {
                session.run(new SseSink(out, retryMillis));
            } catch (IOException | RuntimeException e) {
                log.debug("Stream of {} ended: {}", session.tenant(), e.toString());
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // the container ended it already (the client went, see Ending)
                }
            }
        });
    }

    /** The container saw the connection fail: the writer stops, and the response ends here, not on an error page. */
    private record Ending(StreamSession session) implements AsyncListener {

        @Override
        public void onError(AsyncEvent event) {
            end(event);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end(event);
        }

        private void end(AsyncEvent event) {
            session.cancel();
            try {
                event.getAsyncContext().complete();
            } catch (IllegalStateException e) {
                // completing already
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            session.cancel();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    /** Server-Sent Events on the response. */
    static final class SseSink implements StreamSink {

        private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] NEWLINE = {'\n'};

        private final OutputStream out;
        private final long retryMillis;

        SseSink(OutputStream out, long retryMillis) {
            this.out = out;
            this.retryMillis = retryMillis;
        }

        @Override
        public void opened() throws IOException {
            out.write(("retry: " + retryMillis + "\n:ok\n\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void event(Delivery delivery, String position) throws IOException {
            out.write(ID);
            out.write(position.getBytes(StandardCharsets.US_ASCII));
            out.write(NEWLINE);
            out.write(delivery.sseBody());
        }

        @Override
        public void heartbeat() throws IOException {
            out.write(HEARTBEAT);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void overflow(byte[] event, String position) throws IOException {
            out.write(ID);
            out.write(position.getBytes(StandardCharsets.US_ASCII));
            out.write(NEWLINE);
            out.write(Delivery.ServerSentEvents.body("stream.overflow", event));
        }

        @Override
        public void end() {
            // the response ends when the writer returns
        }
    }
}
