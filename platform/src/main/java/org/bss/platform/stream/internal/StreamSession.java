package org.bss.platform.stream.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.Uuid7;
import org.bss.platform.store.EventLog.Located;

/**
 * One subscriber's writer: first what it missed (when it came back with a position or asked from an instant), then
 * live events as the fan-out hands them over, a heartbeat when idle. It runs on a thread of its own (virtual), so a
 * client that reads slowly only ever blocks this writer; when its buffer overflows it gets {@code stream.overflow}
 * with the position of the last event it was sent, and the stream ends.
 */
final class StreamSession {

    private static final int WRITES_PER_FLUSH = 256;

    private final Subscriber subscriber;
    private final CatchUp catchUp;
    private final Streams streams;
    private String position;

    StreamSession(Subscriber subscriber, CatchUp catchUp, StreamPosition joinedAt, Streams streams) {
        this.subscriber = subscriber;
        this.catchUp = catchUp;
        this.streams = streams;
        this.position = catchUp != null ? catchUp.position().toString()
                : subscriber.floor == null ? joinedAt.toString() : joinedAt.max(subscriber.floor).toString();
    }

    String tenant() {
        return subscriber.tenant;
    }

    /** Writes until the client goes, the buffer overflows or the instance stops; always lets go of the subscriber. */
    void run(StreamSink sink) throws IOException {
        try {
            sink.opened();
            sink.flush();
            if (catchUp != null && !catchUp(sink)) {
                return;
            }
            live(sink);
        } finally {
            streams.closed(subscriber);
        }
    }

    /** Stops this stream from another thread (the client closed its WebSocket). */
    void cancel() {
        subscriber.close();
    }

    private boolean catchUp(StreamSink sink) throws IOException {
        int unflushed = 0;
        while (!subscriber.closing()) {
            Located missed = catchUp.next();
            if (missed == null) {
                if (!subscriber.behind()) {
                    sink.flush();
                    return true;
                }
                catchUp.extend(streams.rejoin(subscriber));
                continue;
            }
            CloudEvent event = missed.event().event();
            if (subscriber.filter.test(event)) {
                Delivery delivery = new Delivery(event.type(), StructuredFormat.write(event),
                        missed.event().receivedAt().toEpochMilli(), catchUp.position().next(), missed.partition(),
                        missed.offset());
                position = delivery.position();
                sink.event(delivery, position);
                streams.meters().caughtUp();
                if (++unflushed == WRITES_PER_FLUSH) {
                    sink.flush();
                    unflushed = 0;
                }
            }
            if (subscriber.behind()) {
                catchUp.extend(streams.rejoin(subscriber));
            }
        }
        sink.end();
        return false;
    }

    private void live(StreamSink sink) throws IOException {
        long heartbeatMillis = streams.settings().heartbeat().toMillis();
        while (!subscriber.closing()) {
            if (subscriber.behind()) {
                streams.meters().overflow();
                sink.overflow(overflowEvent(), position);
                sink.flush();
                sink.end();
                return;
            }
            Delivery delivery;
            try {
                delivery = subscriber.queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (delivery == null) {
                sink.heartbeat();
                sink.flush();
                continue;
            }
            int written = 0;
            long now = System.currentTimeMillis();
            do {
                if (delivery != Delivery.WAKE_UP) {
                    StreamPosition floor = subscriber.floor;
                    if (floor != null && delivery.passed(floor)) {
                        subscriber.floor = floor = null;
                    }
                    position = delivery.position(floor);
                    sink.event(delivery, position);
                    streams.meters().delivered(delivery.acceptedAtMillis, now);
                    written++;
                }
            } while (written < WRITES_PER_FLUSH && (delivery = subscriber.queue.poll()) != null);
            sink.flush();
        }
        sink.end();
    }

    private byte[] overflowEvent() {
        String data = "{\"position\":\"" + position + "\",\"buffer\":" + streams.settings().buffer()
                + ",\"detail\":\"This stream fell more than " + streams.settings().buffer()
                + " events behind and was closed; open it again from the position to get the rest.\"}";
        return StructuredFormat.write(new CloudEvent(CloudEvent.SPEC_VERSION, Uuid7.next().toString(),
                "/api/v1/stream", "stream.overflow", null, Instant.now().toString(), "application/json", null, Map.of(),
                data.getBytes(StandardCharsets.UTF_8)));
    }
}
