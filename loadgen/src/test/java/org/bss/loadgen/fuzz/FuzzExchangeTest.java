package org.bss.loadgen.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request over a real socket to a stub server: the bytes arrive as sent, and each way the server may end is told apart. */
class FuzzExchangeTest {

    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A server on a free port that answers one connection with what {@code answer} makes of the bytes it read. */
    private InetSocketAddress serve(Function<byte[], byte[]> answer, boolean close, CompletableFuture<byte[]> read) throws IOException {
        server = new ServerSocket(0);
        Thread.ofVirtual().start(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes.write(buffer, 0, n);
                }
                read.complete(bytes.toByteArray());
                socket.getOutputStream().write(answer.apply(bytes.toByteArray()));
                socket.getOutputStream().flush();
                if (!close) {
                    Thread.sleep(Duration.ofSeconds(30));
                }
            } catch (IOException | InterruptedException e) {
                read.completeExceptionally(e);
            }
        });
        return new InetSocketAddress("localhost", server.getLocalPort());
    }

    @Test
    void theBytesArriveAsGeneratedAndTheAnswerIsRead() throws Exception {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        InetSocketAddress address = serve(bytes -> Bytes.ascii("HTTP/1.1 400 \r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: 14\r\nConnection: close\r\n\r\n{\"status\":400}"), true, read);
        FuzzRequest request = new FuzzRequest("test", "bytes", new byte[] {'P', 0, (byte) 0xFF, '\r', '\n'});

        Exchange.Received received = Exchange.run(request, address, Duration.ofSeconds(10));

        assertThat(read.get()).isEqualTo(request.bytes());
        assertThat(received.answers()).singleElement().extracting(Answers.Answer::status).isEqualTo(400);
        assertThat(Verdict.of(received, Duration.ofSeconds(10)).outcome()).isEqualTo(Outcome.PROBLEM);
    }

    @Test
    void aServerThatClosesWithoutAnAnswerIsFine() throws Exception {
        InetSocketAddress address = serve(bytes -> new byte[0], true, new CompletableFuture<>());
        Exchange.Received received = Exchange.run(new FuzzRequest("test", "x", Bytes.ascii("GET / HTTP/1.1\r\n\r\n")), address, Duration.ofSeconds(10));
        assertThat(received.end()).isEqualTo(Exchange.End.CLOSED);
        assertThat(Verdict.of(received, Duration.ofSeconds(10)).outcome()).isEqualTo(Outcome.CLOSED);
    }

    @Test
    void aServerThatNeitherAnswersNorClosesHangs() throws Exception {
        InetSocketAddress address = serve(bytes -> new byte[0], false, new CompletableFuture<>());
        Exchange.Received received = Exchange.run(new FuzzRequest("test", "x", Bytes.ascii("GET / HTTP/1.1\r\n\r\n")), address, Duration.ofMillis(500));
        assertThat(Verdict.of(received, Duration.ofMillis(500)).outcome()).isEqualTo(Outcome.HANG);
    }

    @Test
    void aTrickleSendsEveryByteAndAStallSendsOnlyTheFirstOnes() throws Exception {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        InetSocketAddress address = serve(bytes -> Bytes.ascii("HTTP/1.1 408 \r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx"), true, read);
        byte[] bytes = "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII);
        FuzzRequest trickle = new FuzzRequest("slow", "t", bytes, new FuzzRequest.Pace.Trickle(2, 12, 3, 1, false));
        Exchange.Received received = Exchange.run(trickle, address, Duration.ofSeconds(10));
        assertThat(read.get()).isEqualTo(bytes);
        assertThat(Verdict.of(received, Duration.ofSeconds(10)).outcome()).isEqualTo(Outcome.NOT_PROBLEM);
        server.close();

        CompletableFuture<byte[]> stalled = new CompletableFuture<>();
        InetSocketAddress second = serve(b -> new byte[0], true, stalled);
        FuzzRequest stall = new FuzzRequest("slow", "s", bytes, new FuzzRequest.Pace.Trickle(0, 10, 100, 0, true));
        Exchange.Received none = Exchange.run(stall, second, Duration.ofMillis(500));
        assertThat(stall.stalls()).isTrue();
        assertThat(Verdict.of(none, Duration.ofMillis(500)).outcome()).as("the stub waits for the rest, as a server should").isEqualTo(Outcome.HANG);
    }
}
