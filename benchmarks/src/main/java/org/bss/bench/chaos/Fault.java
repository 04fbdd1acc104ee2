package org.bss.bench.chaos;

import java.time.Duration;

/**
 * One fault of a scenario: what is done to a server, the network or the platform when the fault starts, and what
 * undoes it when it ends. Each is a real act on a real process or connection: a signal, a stop, a setting, a gate.
 */
public sealed interface Fault {

    /** Starts the fault. */
    void inject(ChaosServers servers, Platforms platforms) throws Exception;

    /** Ends it: the server is started or resumed again, the network healed. */
    void heal(ChaosServers servers, Platforms platforms) throws Exception;

    /** No fault: the steady run, whose figures (CPU per event among them) compare setups, such as one broker or three. */
    record Nothing() implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
        }

        public void heal(ChaosServers servers, Platforms platforms) {
        }
    }

    /** One Kafka broker of the cluster killed (-9), started again when the fault ends. */
    record KillBroker(int node) implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.kafka().kill(node);
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.kafka().start(node);
        }
    }

    /** Every broker stopped at once; all started again when the fault ends. */
    record StopKafka() implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.kafka().stopAll();
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.kafka().startAll();
        }
    }

    /** PostgreSQL and its backends killed (-9); started again (crash recovery from its WAL) when the fault ends. */
    record KillPostgres() implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.postgres().kill();
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.postgres().start();
        }
    }

    /** PostgreSQL frozen (SIGSTOP): connections stay open and nothing answers; SIGCONT when the fault ends. */
    record FreezePostgres() implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.postgres().pause();
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.postgres().resume();
        }
    }

    /** Redis killed; started again, empty (it keeps nothing on disk), when the fault ends. */
    record KillRedis() implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.redis().kill();
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.redis().start();
        }
    }

    /**
     * Redis given so little memory that it evicts keys at random, quota buckets among them; its limit lifted when
     * the fault ends.
     */
    record EvictRedis(String maxMemory) implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.redisConfig("maxmemory-policy", "allkeys-random");
            servers.redisConfig("maxmemory", maxMemory);
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.redisConfig("maxmemory", "0");
            servers.redisConfig("maxmemory-policy", "noeviction");
        }
    }

    /** Which connections of the platform a network fault is on. */
    enum Link {
        KAFKA, POSTGRES
    }

    /**
     * Latency added on every chunk between the platform and Kafka or PostgreSQL, and a share of chunks lost and
     * resent after a retransmission timeout; removed when the fault ends.
     */
    record Degrade(Link link, Duration latency, double loss, Duration retransmit) implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.gates(link).forEach(gate -> {
                gate.latency(latency);
                gate.loss(loss, retransmit);
            });
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.gates(link).forEach(gate -> gate.clear());
        }
    }

    /**
     * The platform cut off from Kafka or PostgreSQL: open connections pass nothing and new ones are never
     * answered, as behind a partition; healed when the fault ends.
     */
    record Partition(Link link) implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            servers.gates(link).forEach(gate -> gate.mode(org.bss.devservices.TcpGate.Mode.FREEZE));
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            servers.gates(link).forEach(gate -> gate.mode(org.bss.devservices.TcpGate.Mode.FORWARD));
        }
    }

    /** The platform instance the clients send to, killed (-9) mid-load; started again when the fault ends. */
    record KillPlatform() implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            platforms.first().kill();
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            platforms.first().start();
            platforms.first().awaitReady();
        }
    }

    /**
     * A second instance (with every role) killed (-9) while the first takes the requests: its partitions of every
     * consumer group pass to the first; started again when the fault ends.
     */
    record KillSecondInstance() implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) {
            platforms.second().kill();
        }

        public void heal(ChaosServers servers, Platforms platforms) {
            platforms.second().start();
            platforms.second().awaitReady();
        }
    }

    /**
     * The disk of PostgreSQL's data folder filled until only {@code leftBytes} are free; the ballast removed when
     * the fault ends.
     */
    record FillPostgresDisk(long leftBytes) implements Fault {
        public void inject(ChaosServers servers, Platforms platforms) throws java.io.IOException, InterruptedException {
            servers.fillPostgresDisk(leftBytes);
        }

        public void heal(ChaosServers servers, Platforms platforms) throws java.io.IOException, InterruptedException {
            servers.emptyPostgresDisk();
        }
    }
}
