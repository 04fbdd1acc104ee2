package org.bss.loadgen.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    /** What a listener saw, as text: "comment ok", "event order.placed #1 {...}". */
    private static final class Seen implements SseParser.Listener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void comment(byte[] line, int from, int to) {
            lines.add("comment " + new String(line, from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void event(String type, String lastEventId, byte[] data, int length) {
            lines.add("event " + type + " #" + lastEventId + " " + new String(data, 0, length, StandardCharsets.UTF_8));
        }
    }

    private static final String STREAM = ":ok\n\n"
            + "id: 7-1\nevent: order.placed\ndata: {\"id\":\"a\",\"source\":\"/s\"}\n\n"
            + ": heartbeat\n\n"
            + "id: 7-2\nevent: payment.processed\ndata: {\"id\":\"b\",\ndata:\"source\":\"/s\"}\n\n"
            + "event: stream.overflow\ndata: {\"data\":{\"position\":\"7-2\"}}\n\n";

    private static final List<String> FRAMES = List.of(
            "comment ok",
            "event order.placed #7-1 {\"id\":\"a\",\"source\":\"/s\"}",
            "comment  heartbeat",
            "event payment.processed #7-2 {\"id\":\"b\",\n\"source\":\"/s\"}",
            "event stream.overflow #7-2 {\"data\":{\"position\":\"7-2\"}}");

    private static List<String> parse(byte[] bytes, int... cuts) throws IOException {
        Seen seen = new Seen();
        SseParser parser = new SseParser(seen);
        int from = 0;
        for (int cut : cuts) {
            parser.accept(bytes, from, cut);
            from = cut;
        }
        parser.accept(bytes, from, bytes.length);
        return seen.lines;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesCommentsAndMultiLineData() throws IOException {
        assertThat(parse(utf8(STREAM))).containsExactlyElementsOf(FRAMES);
    }

    @Test
    void aFrameSplitBetweenReadsAnywhereReadsTheSame() throws IOException {
        byte[] bytes = utf8(STREAM);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(parse(bytes, cut)).as("cut at %d", cut).containsExactlyElementsOf(FRAMES);
        }
        int[] everyByte = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            everyByte[i] = i;
        }
        assertThat(parse(bytes, everyByte)).as("a byte a read").containsExactlyElementsOf(FRAMES);
    }

    @Test
    void crlfAndCrEndLinesAsLfDoesWhereverTheyAreCut() throws IOException {
        for (String end : List.of("\r\n", "\r")) {
            byte[] bytes = utf8(STREAM.replace("\n", end));
            for (int cut = 0; cut <= bytes.length; cut++) {
                assertThat(parse(bytes, cut)).as("%s cut at %d", end.length() == 2 ? "CRLF" : "CR", cut)
                        .containsExactlyElementsOf(FRAMES);
            }
        }
    }

    @Test
    void aBlankLineWithoutDataDispatchesNothingAndTheIdStays() throws IOException {
        assertThat(parse(utf8("id: 5\nevent: x\n\ndata\n\ndata:a\ndata:\n\n")))
                .containsExactly("event message #5 ", "event message #5 a\n");
    }

    @Test
    void fieldsWithoutASpaceAfterTheColonAndUnknownFieldsAndALeadingBom() throws IOException {
        assertThat(parse(utf8("\uFEFFretry: 3000\nfoo: bar\nid:x\nevent:t\ndata:d\n\n")))
                .containsExactly("event t #x d");
    }

    @Test
    void anIdWithANulIsIgnored() throws IOException {
        assertThat(parse(utf8("id: 1\ndata: a\n\nid: 2\u0000\ndata: b\n\n")))
                .containsExactly("event message #1 a", "event message #1 b");
    }

    @Test
    void chunkedFramesSplitAcrossChunksAndReads() throws IOException {
        byte[] payload = utf8(STREAM);
        // Chunks of 1, 2, 3 ... bytes: frames and lines cut across chunk boundaries, with a chunk extension and a trailer.
        StringBuilder chunked = new StringBuilder();
        int at = 0;
        for (int size = 1; at < payload.length; size++) {
            int n = Math.min(size, payload.length - at);
            chunked.append(Integer.toHexString(n)).append(size == 3 ? ";name=value" : "").append("\r\n")
                    .append(new String(payload, at, n, StandardCharsets.ISO_8859_1)).append("\r\n");
            at += n;
        }
        chunked.append("0\r\nTrailer: x\r\n\r\n");
        byte[] bytes = chunked.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= bytes.length; cut++) {
            Seen seen = new Seen();
            SseParser parser = new SseParser(seen);
            HttpBody body = new HttpBody.Chunked();
            boolean endedEarly = body.feed(bytes, 0, cut, parser);
            boolean ended = body.feed(bytes, cut, bytes.length, parser);

            assertThat(endedEarly).as("cut at %d", cut).isEqualTo(cut == bytes.length);
            assertThat(ended || endedEarly).isTrue();
            assertThat(seen.lines).as("cut at %d", cut).containsExactlyElementsOf(FRAMES);
        }
    }
}
