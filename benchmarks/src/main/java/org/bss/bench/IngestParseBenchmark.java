package org.bss.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.envelope.Violation;
import org.bss.model.schema.DataQualityRules;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventCatalog;
import org.bss.model.schema.EventData;
import tools.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-event CPU cost of what ingest does with a structured event before it hands it to Kafka:
 * {@link StructuredFormat#read} (streaming parse, data kept as bytes), {@link EnvelopeRules#check}
 * (CloudEvents 1.0.2 rules), then for a catalog type the data against its JSON Schema and the data-quality
 * rules ({@link #admit}). The event is a typical BSS {@code order.placed} of about 500 bytes (two items,
 * subject, time, two extensions), read once from {@code order-placed.json} next to this class.
 *
 * <p>Target: under 20 µs per event on one core ({@link #admit}). The other benchmarks show where the time goes.
 * Run with {@code bench/jmh/run.sh}, or {@code java -jar benchmarks/target/benchmarks.jar IngestParseBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class IngestParseBenchmark {

    /** The structured event as it arrives in the HTTP body. */
    private byte[] orderPlaced;

    /** The same event already read, for {@link #check}. */
    private CloudEvent event;

    private static final Instant NOW = Instant.parse("2025-11-07T10:00:00Z");
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    private DataSchema schema;
    private JsonNode parsedData;

    @Setup(Level.Trial)
    public void load() {
        try (InputStream in = IngestParseBenchmark.class.getResourceAsStream("order-placed.json")) {
            if (in == null) {
                throw new IllegalStateException("order-placed.json is missing from the benchmarks jar");
            }
            orderPlaced = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        event = StructuredFormat.read(orderPlaced);
        schema = EventCatalog.builtIn().schemaFor(event.type()).orElseThrow();
        parsedData = EventData.parse(event.data());
        List<Violation> violations = new java.util.ArrayList<>(EnvelopeRules.check(event));
        violations.addAll(schema.validate(parsedData));
        if (!violations.isEmpty()) {
            // the benchmark measures the happy path: a valid event, as nearly all ingest traffic is
            throw new IllegalStateException("the benchmark event is not valid: " + violations);
        }
    }

    /** Read + envelope rules. */
    @Benchmark
    public void readAndCheck(Blackhole bh) {
        CloudEvent read = StructuredFormat.read(orderPlaced);
        bh.consume(read);
        bh.consume(EnvelopeRules.check(read));
    }

    /** The same work as events per second on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void readAndCheckThroughput(Blackhole bh) {
        CloudEvent read = StructuredFormat.read(orderPlaced);
        bh.consume(read);
        bh.consume(EnvelopeRules.check(read));
    }

    /** The parse alone. */
    @Benchmark
    public CloudEvent read() {
        return StructuredFormat.read(orderPlaced);
    }

    /** The envelope rules alone (URI, RFC 3339 and media type checks), on an event read in setup. */
    @Benchmark
    public List<Violation> check() {
        return EnvelopeRules.check(event);
    }

    /**
     * Everything ingest does before Kafka for a catalog type: read, envelope rules, the data as a JSON tree,
     * the catalog schema (compiled once), the data-quality rules. The figure for the 20 µs target.
     */
    @Benchmark
    public void admit(Blackhole bh) {
        CloudEvent read = StructuredFormat.read(orderPlaced);
        bh.consume(EnvelopeRules.check(read));
        JsonNode data = EventData.parse(read.data());
        bh.consume(schema.validate(data));
        bh.consume(DataQualityRules.check(read, data, NOW, FUTURE_SKEW));
    }

    /** The same work as events per second on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void admitThroughput(Blackhole bh) {
        admit(bh);
    }

    /** The schema validation alone, on data parsed in setup. */
    @Benchmark
    public List<Violation> validate() {
        return schema.validate(parsedData);
    }
}
