package org.bss.platform.replay.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.bss.model.envelope.BinaryMode;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.replay.WebhookSignature;
import tools.jackson.core.JsonGenerator;

/**
 * Delivers to a webhook in the CloudEvents HTTP binding, as the platform's own ingest reads it: binary mode (one
 * event a request, attributes in percent-encoded {@code ce-} headers) or batch mode
 * ({@code application/cloudevents-batch+json}), each event marked with the {@code replayid} extension and each
 * request signed ({@link WebhookSignature}). 2xx is delivered; 408, 429, 5xx, connection errors and timeouts are
 * retried with backoff, then fail the job; any other answer (3xx included: redirects are not followed) refuses
 * the request's events for good.
 */
final class WebhookSink implements Sink {

    static final String REPLAY_EXTENSION = "replayid";
    static final String REPLAY_ID_HEADER = "BSS-Replay-Id";
    private static final int CAUSE_LENGTH = 200;

    private final UUID jobId;
    private final ReplayTarget.Webhook target;
    private final WebhookSettings settings;
    private final HttpClient client;

    WebhookSink(UUID jobId, ReplayTarget.Webhook target, WebhookSettings settings, HttpClient client) {
        this.jobId = jobId;
        this.target = target;
        this.settings = settings;
        this.client = client;
    }

    /** The client webhook sinks share: no redirects, the connect timeout of the settings. */
    static HttpClient client(WebhookSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 on http:// would start with an h2c upgrade, which some receivers mishandle
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public List<Refusal> deliver(List<BusEvent> events) throws InterruptedException, DeliveryException {
        List<Refusal> refusals = new ArrayList<>();
        int size = target.mode() == ReplayTarget.WebhookMode.BATCH ? Math.max(1, target.batchSize()) : 1;
        for (int from = 0; from < events.size(); from += size) {
            List<BusEvent> request = events.subList(from, Math.min(events.size(), from + size));
            String refused = send(request);
            if (refused != null) {
                request.forEach(event -> refusals.add(new Refusal(event, refused)));
            }
        }
        return refusals;
    }

    /** Sends one request until it is answered for good: null when delivered, else why it was refused. */
    private String send(List<BusEvent> events) throws InterruptedException, DeliveryException {
        String failure = null;
        IOException error = null;
        for (int attempt = 1; ; attempt++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Duration retryAfter = null;
            try {
                HttpResponse<InputStream> response = client.send(request(events), WebhookSink::body);
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return null;
                }
                String excerpt = excerpt(response.body());
                String cause = "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
                if (!retryable(status)) {
                    return cause;
                }
                failure = cause;
                error = null;
                retryAfter = response.headers().firstValue("Retry-After").map(WebhookSink::seconds).orElse(null);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                failure = e.toString();
                error = e;
            }
            if (attempt >= settings.attempts()) {
                // the host only: a webhook's URL may carry credentials of its own
                throw new DeliveryException("The webhook at " + target.url().getHost() + " failed " + attempt
                        + " attempts, the last: " + failure, error);
            }
            Thread.sleep(retryAfter != null ? min(retryAfter, settings.maxBackoff()) : backoff(attempt));
        }
    }

    private HttpRequest request(List<BusEvent> events) {
        Instant now = Instant.now();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .timeout(settings.requestTimeout())
                .header(REPLAY_ID_HEADER, jobId.toString());
        byte[] body;
        if (target.mode() == ReplayTarget.WebhookMode.BATCH) {
            body = batch(events);
            request.header("Content-Type", StructuredFormat.BATCH_MEDIA_TYPE)
                    .header(WebhookSignature.HEADER, WebhookSignature.sign(target.secret(), now, null, body));
        } else {
            CloudEvent event = marked(events.getFirst());
            body = event.data() == null ? new byte[0] : event.data();
            binaryHeaders(event, request);
            request.header(WebhookSignature.HEADER,
                    WebhookSignature.sign(target.secret(), now, percentEncode(event.id()), body));
        }
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private CloudEvent marked(BusEvent event) {
        return event.event().withExtension(EventRecords.TENANT_EXTENSION, event.tenantId())
                .withExtension(REPLAY_EXTENSION, jobId.toString());
    }

    private static void binaryHeaders(CloudEvent event, HttpRequest.Builder request) {
        request.header(BinaryMode.SPEC_VERSION_HEADER, CloudEvent.SPEC_VERSION);
        ceHeader(request, "id", event.id());
        ceHeader(request, "source", event.source());
        ceHeader(request, "type", event.type());
        ceHeader(request, "subject", event.subject());
        ceHeader(request, "time", event.time());
        ceHeader(request, "dataschema", event.dataschema());
        event.extensions().forEach((name, value) -> ceHeader(request, name, value.toString()));
        if (event.data() != null && event.datacontenttype() != null) {
            request.header("Content-Type", event.datacontenttype());
        }
    }

    private static void ceHeader(HttpRequest.Builder request, String attribute, String value) {
        if (value != null) {
            request.header(BinaryMode.PREFIX + attribute, percentEncode(value));
        }
    }

    /**
     * A header value as the CloudEvents HTTP binding (3.1.3.2) asks: space, double quote, percent and every
     * character outside printable ASCII as %XX of its UTF-8 bytes.
     */
    static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F && c != '"' && c != '%') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    private byte[] batch(List<BusEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = StructuredFormat.generator(out)) {
            generator.writeStartArray();
            events.forEach(event -> StructuredFormat.write(marked(event), generator));
            generator.writeEndArray();
        }
        return out.toByteArray();
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status / 100 == 5;
    }

    /** Only the start of a failed answer's body is read, for the cause; a 2xx body is discarded. */
    private static HttpResponse.BodySubscriber<InputStream> body(HttpResponse.ResponseInfo info) {
        return info.statusCode() / 100 == 2 ? BodySubscribers.replacing(InputStream.nullInputStream())
                : BodySubscribers.ofInputStream();
    }

    /**
     * The first characters of the body. A body that cannot be read does not change the answer's meaning (an
     * interrupt while reading it leaves the flag set, and the next wait or request throws).
     */
    private static String excerpt(InputStream body) {
        try (body) {
            String text = new String(body.readNBytes(CAUSE_LENGTH * 4), StandardCharsets.UTF_8).strip();
            int end = Math.min(text.length(), CAUSE_LENGTH);
            return text.substring(0, end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
        } catch (IOException e) {
            return "(the body could not be read: " + e + ")";
        }
    }

    /** Retry-After in seconds (its HTTP-date form is not used for this); null when it is not that. */
    private static Duration seconds(String retryAfter) {
        try {
            long seconds = Long.parseLong(retryAfter.strip());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Exponential from the initial backoff, capped, with jitter: a random wait in its upper half. */
    private Duration backoff(int attempt) {
        long initial = Math.max(1, settings.initialBackoff().toMillis());
        long cap = Math.max(initial, settings.maxBackoff().toMillis());
        long exponential = (long) Math.min(cap, initial * Math.pow(2, attempt - 1));
        return Duration.ofMillis(exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
