package org.bss.loadgen.run;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.traffic.GeneratedEvent;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes as the Strimzi Kafka Bridge takes them, to measure it beside the platform on the same broker:
 * {@code POST /topics/{topic}} of {@code application/vnd.kafka.json.v2+json},
 * {@code {"records":[{"key":"<tenant>/<subject>","value":<CloudEvent>}, ...]}}, a record per event. The value is the
 * structured CloudEvent the platform is sent, the key what the platform keys its record by (the tenant, then the
 * subject, or the source where there is none). No credential: the bridge takes none.
 *
 * <p>The bridge answers 200 with {@code {"offsets":[...]}}, in the records' order, each a partition and an offset, or
 * an {@code error_code} and a message for a record it could not write. A write counts as accepted when it is 200 and no
 * offset has an error code; else under the first record's error code, its other records accepted. A 200 whose offsets
 * cannot be read, or do not match its records, counts as {@value #UNREADABLE}; any other status as itself.
 */
public final class BridgeWrites implements WriteFormat {

    static final String CONTENT_TYPE = "application/vnd.kafka.json.v2+json";
    /** What the bridge answers in, for the Accept header. */
    static final String ANSWER_TYPE = "application/vnd.kafka.v2+json";
    /** The status a 200 is counted under when its offsets cannot be read or do not match the records sent. */
    static final int UNREADABLE = 502;
    /** Kafka's legal topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] OPEN = "{\"records\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = "{\"key\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = "\",\"value\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private final byte[] head;

    /** Writes to a topic of the bridge at {@code base}; a name Kafka would refuse is refused here. */
    public BridgeWrites(URI base, String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("'" + topic + "' is not a Kafka topic name (letters, digits, '.', '_' and '-', "
                    + "at most 249)");
        }
        String path = base.resolve("/topics/" + topic).getRawPath();
        this.head = ("POST " + path + " HTTP/1.1\r\nContent-Type: " + CONTENT_TYPE + "\r\nAccept: " + ANSWER_TYPE + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The same head whatever the credential: none is sent. */
    @Override
    public byte[] head(Credential.Header credential) {
        return head;
    }

    @Override
    public byte[] body(String tenantId, List<GeneratedEvent> events) {
        int size = OPEN.length + CLOSE.length;
        for (GeneratedEvent event : events) {
            size += event.json().length + 64;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        body.writeBytes(OPEN);
        for (int i = 0; i < events.size(); i++) {
            GeneratedEvent event = events.get(i);
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(KEY);
            body.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(key(tenantId, event)));
            body.writeBytes(VALUE);
            body.writeBytes(event.json());
            body.write('}');
        }
        body.writeBytes(CLOSE);
        return body.toByteArray();
    }

    /** The platform's record key of an event: its tenant and subject, or its source without a subject. */
    static String key(String tenantId, GeneratedEvent event) {
        return tenantId + "/" + (event.subject() != null ? event.subject() : event.source());
    }

    @Override
    public Outcome outcome(int status, byte[] answer, List<GeneratedEvent> events) {
        if (status != 200) {
            return new Outcome(status, List.of());
        }
        JsonNode offsets;
        try {
            offsets = JSON.readTree(answer).path("offsets");
        } catch (RuntimeException unreadable) {
            return new Outcome(UNREADABLE, List.of());
        }
        if (!offsets.isArray() || offsets.size() != events.size()) {
            return new Outcome(UNREADABLE, List.of());
        }
        List<GeneratedEvent> accepted = new ArrayList<>(events.size());
        int firstError = 0;
        for (int i = 0; i < events.size(); i++) {
            JsonNode offset = offsets.get(i);
            if (offset.has("error_code")) {
                if (firstError == 0) {
                    int code = offset.path("error_code").asInt(0);
                    // an error code that is no HTTP error status still counts as an error
                    firstError = code >= 300 ? code : UNREADABLE;
                }
            } else if (offset.has("offset")) {
                accepted.add(events.get(i));
            } else if (firstError == 0) {
                firstError = UNREADABLE;
            }
        }
        return new Outcome(firstError == 0 ? 200 : firstError, accepted.size() == events.size() ? events : accepted);
    }
}
