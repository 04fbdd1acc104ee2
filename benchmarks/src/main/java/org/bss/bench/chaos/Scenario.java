package org.bss.bench.chaos;

import java.time.Duration;
import java.util.List;

/**
 * A fault under load: the load runs {@code before} the fault, the fault lasts {@code faultFor}, and the load goes on
 * {@code after} it ends, so that the figures show the steady rate, the fault and the recovery.
 *
 * @param name  a short name, used in file names and on the command line
 * @param group what fails: kafka, postgresql, redis, network, platform, disk
 * @param what  one sentence for the report
 */
public record Scenario(String name, String group, String what, Fault fault, Duration before, Duration faultFor,
        Duration after, boolean twoInstances) {

    public Duration length() {
        return before.plus(faultFor).plus(after);
    }

    /** The scenarios of a full run, at the lengths of the report. */
    public static List<Scenario> all() {
        Duration before = Duration.ofSeconds(20);
        Duration after = Duration.ofSeconds(40);
        return List.of(
                new Scenario("kafka-broker-kill", "kafka", "one broker of three killed (-9), then restarted",
                        new Fault.KillBroker(2), before, Duration.ofSeconds(20), after, false),
                new Scenario("kafka-cluster-stop", "kafka", "every broker stopped, then started",
                        new Fault.StopKafka(), before, Duration.ofSeconds(20), Duration.ofSeconds(120), false),
                new Scenario("postgres-kill", "postgresql", "PostgreSQL killed (-9), then restarted (crash recovery)",
                        new Fault.KillPostgres(), before, Duration.ofSeconds(10), after, false),
                new Scenario("postgres-freeze", "postgresql", "PostgreSQL frozen (SIGSTOP), then resumed",
                        new Fault.FreezePostgres(), before, Duration.ofSeconds(30), after, false),
                new Scenario("postgres-slow", "postgresql", "200 ms added on every exchange with PostgreSQL (a slow disk or link)",
                        new Fault.Degrade(Fault.Link.POSTGRES, Duration.ofMillis(200), 0, Duration.ZERO),
                        before, Duration.ofSeconds(30), after, false),
                new Scenario("redis-kill", "redis", "Redis killed (-9), then restarted empty",
                        new Fault.KillRedis(), before, Duration.ofSeconds(10), after, false),
                new Scenario("redis-evict", "redis", "Redis limited to 2 MB with random eviction: quota keys vanish",
                        new Fault.EvictRedis("2mb"), before, Duration.ofSeconds(30), after, false),
                new Scenario("network-kafka", "network",
                        "50 ms latency and 1 % loss (a 200 ms resend) between the platform and Kafka",
                        new Fault.Degrade(Fault.Link.KAFKA, Duration.ofMillis(50), 0.01, Duration.ofMillis(200)),
                        before, Duration.ofSeconds(30), after, false),
                new Scenario("network-postgres", "network",
                        "50 ms latency and 1 % loss (a 200 ms resend) between the platform and PostgreSQL",
                        new Fault.Degrade(Fault.Link.POSTGRES, Duration.ofMillis(50), 0.01, Duration.ofMillis(200)),
                        before, Duration.ofSeconds(30), after, false),
                new Scenario("network-partition", "network", "a partition between the platform and Kafka, then healed",
                        new Fault.Partition(Fault.Link.KAFKA), before, Duration.ofSeconds(20), after, false),
                new Scenario("platform-kill", "platform", "the instance taking the requests killed (-9) mid-batch, then restarted",
                        new Fault.KillPlatform(), before, Duration.ofSeconds(1), Duration.ofSeconds(60), false),
                new Scenario("instance-kill", "platform",
                        "of two instances, the one not taking requests killed (-9), then restarted",
                        new Fault.KillSecondInstance(), before, Duration.ofSeconds(30), after, true),
                new Scenario("postgres-disk-full", "disk", "PostgreSQL's disk filled to 8 MB free, then freed",
                        new Fault.FillPostgresDisk(8L << 20), before, Duration.ofSeconds(30), after, false));
    }

    /**
     * No fault for two minutes: the steady phase alone, to measure what a setup costs (run it with {@code --brokers 1}
     * and with three); not one of {@link #all()}.
     */
    public static Scenario steady() {
        return new Scenario("steady", "none", "no fault: the steady load alone", new Fault.Nothing(),
                Duration.ofSeconds(120), Duration.ZERO, Duration.ofSeconds(5), false);
    }

    /** The same faults in a few seconds each, as the tests run them. */
    public Scenario shortened() {
        return new Scenario(name, group, what, fault, Duration.ofSeconds(4), Duration.ofSeconds(4),
                Duration.ofSeconds(6), twoInstances);
    }

    public static Scenario named(String name) {
        if (name.equals("steady")) {
            return steady();
        }
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + "; there are "
                        + all().stream().map(Scenario::name).toList()));
    }
}
