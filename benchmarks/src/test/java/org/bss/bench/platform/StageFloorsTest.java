package org.bss.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bss.bench.ProcCpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StageFloorsTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Ticks that make {@code micros} µs for each of 1,000 events at the kernel's clock. */
    private static long ticks(double micros) {
        return Math.round(micros * 1000 / 1e6 * ProcCpu.ticksPerSecond());
    }

    @Test
    void eachStageIsItsThreadGroupsPerEventBesideItsFloorsAndTheStoreCountsPostgresql() throws IOException {
        Path before = file("before.threads", "100 ForkJoinPool-#-\n5 http-nio-auto-#\n7 bss-store-#\n");
        Path after = file("after.threads", (100 + ticks(100)) + " ForkJoinPool-#-\n" + (5 + ticks(10)) + " http-nio-auto-#\n"
                + (7 + ticks(20)) + " bss-store-#\n" + ticks(30) + " bss-projection-\n" + ticks(50) + " other\n");
        Path cpuBefore = file("before.cpu", "1000 200 10\n");
        Path cpuAfter = file("after.cpu", (1000 + ticks(210)) + " " + (200 + ticks(40)) + " " + (10 + ticks(10)) + "\n");
        JsonNode floors = JsonMapper.builder().build().readTree("""
                {"http": {"cpuMicrosPerEvent": 20}, "validation": {"cpuMicrosPerEvent": 15},
                 "kafka": {"cpuMicrosPerEvent": 18}, "copy": {"cpuMicrosPerEvent": 30}, "fold": {"cpuMicrosPerEvent": 3}}""");

        String table = StageFloors.table(before, after, cpuBefore, cpuAfter, 1000, floors);

        assertThat(table).contains("| request path", "| 110.0 | 35.0 | 3.1× |", "(http 20.0, validation 15.0)");
        assertThat(table).as("the store's threads and PostgreSQL").contains("| 60.0 | 30.0 | 2.0× |");
        assertThat(table).as("the projection").contains("| 30.0 | 3.0 | 10.0× |");
        assertThat(table).as("threads in no stage").contains("| 50.0 |  |  |  |");
        assertThat(table).as("all processes against the floors' sum").contains("**260.0**", "**86.0**", "**3.0×**");
        assertThat(table).as("floors this run did not measure").contains("| analytics: the Kafka Streams threads (`bss-analytics-#`) | 0.0 |  |  | none measured |",
                "the floors' sum; analytics, JIT compilers and GC without one");
    }

    @Test
    void analyticsHasTheStreamThreadsFloorAndKafkaAddsWhatTheBrokerSpentOnIt() throws IOException {
        Path before = file("before.threads", "0 bss-analytics-c\n0 data-plane-kafk\n");
        Path after = file("after.threads", ticks(80) + " bss-analytics-c\n" + ticks(60) + " data-plane-kafk\n");
        Path cpuBefore = file("before.cpu", "0 0 0\n");
        Path cpuAfter = file("after.cpu", ticks(140) + " 0 0\n");
        JsonNode floors = JsonMapper.builder().build().readTree("""
                {"kafka": {"cpuMicrosPerEvent": 18}, "streams": {"cpuMicrosPerEvent": 40},
                 "streamsKafka": {"cpuMicrosPerEvent": 12}}""");

        String table = StageFloors.table(before, after, cpuBefore, cpuAfter, 1000, floors);

        assertThat(table).as("analytics").contains("| 80.0 | 40.0 | 2.0× |", "(StreamsFloor) (streams 40.0)");
        assertThat(table).as("Kafka").contains("| 60.0 | 30.0 | 2.0× |", "(kafka 18.0, streamsKafka 12.0)");
        assertThat(table).as("the floors' sum").contains("**70.0**", "the floors' sum; request path, store, projection, JIT compilers and GC without one");
    }
}
