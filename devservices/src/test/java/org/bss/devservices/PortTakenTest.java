package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port that was free when chosen may be taken before the server binds it (in CI, Kafka once got a port PostgreSQL
 * had just taken). The tests hand the server such a port first, one this test holds, and expect it on another.
 */
class PortTakenTest {

    @TempDir
    Path dir;

    @Test
    void kafkaStartsOnOtherPortsWhenItsBrokerPortIsTaken() throws Exception {
        try (ServerSocket taken = listen(); EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0,
                takenFirst(taken.getLocalPort()))) {
            kafka.start();
            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.bootstrapServers()).isNotEqualTo("127.0.0.1:" + taken.getLocalPort());
            Clients.createTopic(kafka, "devservices.port-taken");
            Clients.send(kafka, "devservices.port-taken", "k", "v");
            assertThat(Clients.read(kafka, "devservices.port-taken", 1)).containsExactly("v");
        }
    }

    @Test
    void redisStartsOnAnotherPortWhenItsPortIsTaken() throws Exception {
        try (ServerSocket taken = listen();
             EmbeddedRedis redis = new EmbeddedRedis(dir.resolve("redis"), 0, takenFirst(taken.getLocalPort()))) {
            redis.start();
            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.port()).isNotEqualTo(taken.getLocalPort());
        }
    }

    @Test
    void givesUpAfterSomeAttemptsNamingTheServiceAndThePorts() {
        AtomicInteger next = new AtomicInteger(1000);
        List<Integer> started = new ArrayList<>();
        assertThatThrownBy(() -> Processes.startOnFreePorts("redis", 1, n -> new int[] {next.getAndIncrement()},
                ports -> {
                    started.add(ports[0]);
                    throw new IllegalStateException("could not start", new BindException("Address already in use"));
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot start redis")
                .hasMessageContaining("[1000], [1001], [1002], [1003], [1004]");
        assertThat(started).hasSize(Processes.PORT_ATTEMPTS);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Processes.startOnFreePorts("kafka", 2, Processes::freePorts, ports -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("could not format the log folder");
        })).hasMessage("could not format the log folder");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void knowsABindFailureByItsExceptionOrItsMessage() {
        assertThat(Processes.isBindFailure(new RuntimeException("wrapped", new BindException("in use")))).isTrue();
        // embedded-redis passes on redis' log in its message
        assertThat(Processes.isBindFailure(new RuntimeException("Redis server failed to become ready. Redis process log:"
                + "\n# Warning: Could not create server TCP listening socket 127.0.0.1:37693: bind: Address in use"
                + "\n# Failed listening on port 37693 (TCP), aborting."))).isTrue();
        assertThat(Processes.isBindFailure(new RuntimeException("disk full"))).isFalse();
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** Free ports, except that the first call's first port is {@code taken}. */
    private static IntFunction<int[]> takenFirst(int taken) {
        AtomicInteger calls = new AtomicInteger();
        return count -> {
            int[] ports = Processes.freePorts(count);
            if (calls.getAndIncrement() == 0) {
                ports[0] = taken;
            }
            return ports;
        };
    }
}
