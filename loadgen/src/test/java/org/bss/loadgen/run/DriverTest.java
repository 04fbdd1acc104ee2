package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.report.Totals;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.Traffic;
import org.bss.loadgen.verify.AcceptedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against a minimal keep-alive HTTP server that answers every request 202. */
class DriverTest {

    @TempDir
    Path folder;

    @Test
    void aWarmUpAndTheMeasuredRunShareTheirConnections() throws Exception {
        try (AcceptingServer server = new AcceptingServer();
                AcceptedLog accepted = AcceptedLog.create(folder.resolve("accepted.tsv"))) {
            TenantKey tenant = new TenantKey("t1", "key");
            Driver.Settings settings = new Driver.Settings(URI.create("http://127.0.0.1:" + server.port()), 1, 4,
                    Duration.ofSeconds(5));
            Totals warmUp;
            Totals measured;
            try (Driver driver = new Driver(settings, List.of(new Driver.Sender(tenant,
                    new Traffic("t1", EventMix.plan(), 1, Clock.systemUTC()))), accepted, new PrintStream(OutputStream.nullOutputStream()))) {
                warmUp = driver.run(Scenario.Constant.steady(200, Duration.ofMillis(500)), "warm-up ");
                measured = driver.run(Scenario.Constant.steady(200, Duration.ofMillis(500)), "");
            }

            assertThat(warmUp.eventsAccepted()).isEqualTo(100);
            assertThat(measured.eventsAccepted()).isEqualTo(100);
            assertThat(measured.errors()).isZero();
            assertThat(server.connections()).as("connections opened over both runs").isBetween(1, 4);
        }
    }

    /** Accepts connections (counting them) and answers each request on them with 202, keeping them open. */
    private static final class AcceptingServer implements AutoCloseable {
        private static final byte[] ANSWER = ("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();

        AcceptingServer() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(connection));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        /** Reads a head, skips Content-Length bytes of body, answers; until the client closes. */
        private static void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                StringBuilder head = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    head.append((char) b);
                    if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                        int length = contentLength(head.toString());
                        in.readNBytes(length);
                        out.write(ANSWER);
                        out.flush();
                        head.setLength(0);
                    }
                }
            } catch (IOException closed) {
                // the client went away
            }
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
