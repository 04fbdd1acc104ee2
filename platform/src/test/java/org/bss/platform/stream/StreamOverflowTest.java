package org.bss.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.OtherInstance;
import org.bss.platform.TestTenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A subscriber that reads too slowly, on an instance that holds 4 events for each stream. */
class StreamOverflowTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final OtherInstance.PerClass other = OtherInstance.perClass("--bss.roles=ingest,stream", "--bss.stream.buffer=4");

    static String there() {
        return other.baseUrl();
    }

    @Test
    void aSlowSubscriberIsCutOffWithItsPositionWhileOthersGetEverything() throws Exception {
        String key = TestTenants.newTenantKey(tenants, "slow");
        ApiClient client = new ApiClient(there(), key);
        String padding = "x".repeat(200_000);
        try (Socket slow = new Socket();
             SseClient fast = StreamApiTest.live(SseClient.open(there(), "/api/v1/stream", key))) {
            slow.setReceiveBufferSize(4096);
            var address = java.net.URI.create(there());
            slow.connect(new InetSocketAddress(address.getHost(), address.getPort()));
            slow.getOutputStream().write(("GET /api/v1/stream HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(WAIT).until(() -> slow.getInputStream().available() > 0); // the stream is live
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String id = UUID.randomUUID().toString();
                ApiClient.Response answer = client.postEvent("""
                        {"specversion":"1.0","type":"demo.big","source":"/stream-test","id":"%s","subject":"s%d",\
                        "data":{"padding":"%s"}}""".formatted(id, i % 3, padding));
                assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
                sent.add(id);
            }
            await().atMost(WAIT).until(() -> fast.eventIds().size() >= 60);
            assertThat(fast.eventIds()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(fast.ended()).isFalse();

            String stream = readToTheEnd(slow.getInputStream());
            assertThat(stream).contains("event: stream.overflow");
            List<String> before = ids(stream.substring(0, stream.indexOf("event: stream.overflow")));
            Matcher position = Pattern.compile("\"position\":\"([0-9.]+)\"").matcher(stream);
            assertThat(position.find()).isTrue();
            assertThat(before).hasSizeLessThan(60);

            try (SseClient resumed = StreamApiTest.live(SseClient.open(there(), "/api/v1/stream",
                    Map.of("X-API-Key", key, "Last-Event-ID", position.group(1))))) {
                await().atMost(WAIT).until(() -> before.size() + resumed.eventIds().size() >= 60);
                List<String> all = new ArrayList<>(before);
                all.addAll(resumed.eventIds());
                assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
            }
        }
    }

    /** The body of a chunked HTTP response up to its end, de-chunked. */
    static String readToTheEnd(InputStream in) throws IOException {
        byte[] raw = in.readAllBytes();
        String text = new String(raw, StandardCharsets.UTF_8);
        int body = text.indexOf("\r\n\r\n") + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = body;
        while (at < raw.length) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(raw, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> ids(String stream) {
        List<String> ids = new ArrayList<>();
        Matcher id = Pattern.compile("data: \\{\"specversion\":\"1.0\",\"id\":\"([^\"]+)\"").matcher(stream);
        while (id.find()) {
            ids.add(id.group(1));
        }
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        return ids;
    }
}
