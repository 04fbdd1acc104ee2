package org.bss.platform.stream.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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
     * The response goes on in a thread of its own (virtual), started once this request's thread has left the filters
     * (see {@link StreamWriterStart}), through the servlet's own async context: Spring MVC's async return values
     * (StreamingResponseBody, SseEmitter) held every byte back until the response ended on this server.
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
        try {
            // The headers go now, on this thread, through the filters' wrappers (Spring Security's adds its own then).
            response.flushBuffer();
        } catch (IOException e) {
            // the client went already: the writer's first write fails and it lets go of everything
        }
        // The body goes to the container's own response: the dispatcher's wrapper of it is done with once this returns.
        OpenResponse open = new OpenResponse(async, async.getResponse().getOutputStream(), session);
        async.addListener(open);
        long retryMillis = streams.settings().retry().toMillis();
        StreamWriterStart.startAfterFilters(request, () -> {
            try {
                session.run(new SseSink(open, retryMillis));
            } catch (IOException e) {
                log.debug("Stream of {} ended: {}", session.tenant(), e.toString());
            } catch (RuntimeException e) {
                log.warn("Stream of {} ended by an error", session.tenant(), e);
            } finally {
                open.complete();
            }
        });
    }

    /**
     * The response while its stream is written, as an output stream that refuses every write once the response is
     * over. The container ends a response on its own when the connection fails, and then recycles its request and
     * response objects for the next request on this server: a write or a {@code complete()} after that would land in
     * someone else's response. The container tells its listeners before it recycles, and waits for them; a listener
     * that takes the writer's lock therefore knows that no write is under way and none will follow.
     */
    static final class OpenResponse extends OutputStream implements AsyncListener {

        private final ReentrantLock lock = new ReentrantLock();
        private final AsyncContext async;
        private final OutputStream out;
        private final StreamSession session;
        private boolean over;

        OpenResponse(AsyncContext async, OutputStream out, StreamSession session) {
            this.async = async;
            this.out = out;
            this.session = session;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            lock.lock();
            try {
                refuseWhenOver();
                out.write(bytes, offset, length);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() throws IOException {
            lock.lock();
            try {
                refuseWhenOver();
                out.flush();
            } finally {
                lock.unlock();
            }
        }

        private void refuseWhenOver() throws IOException {
            if (over) {
                throw new IOException("the response is over");
            }
        }

        /** The writer is done: the response ends, unless the container ended it already. */
        void complete() {
            lock.lock();
            try {
                if (!over) {
                    over = true;
                    async.complete();
                }
            } catch (IllegalStateException e) {
                // the container is completing it already
            } finally {
                lock.unlock();
            }
        }

        /** The container ends the response (the connection failed, or the writer completed it). */
        private void ended(boolean complete) {
            session.cancel();
            lock.lock();
            try {
                if (!over) {
                    over = true;
                    if (complete) {
                        async.complete();
                    }
                }
            } catch (IllegalStateException e) {
                // completing already
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            ended(true);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ended(true);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ended(false);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

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
