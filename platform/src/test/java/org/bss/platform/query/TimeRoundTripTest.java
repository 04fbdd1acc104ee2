package org.bss.platform.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.bss.model.envelope.Rfc3339;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An event's {@code time} over the whole RFC 3339 range (years 0000-9999, any offset, 0-9 fraction digits, leap
 * seconds) comes back from GET as the instant it was sent, in UTC, rounded to microseconds; {@code from} and
 * {@code to} select exactly the events whose instants they bound. Times whose instant is before 0001-01-01 or
 * whose UTC form needs year 10000 are refused with 400 at {@code /time}.
 *
 * <p>Seeded random samples in plain JUnit: {@code -Dbss.pbt.seed=<seed>} gives other ones (the seed is in every
 * failure). The future skew is set wide so that future years are accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "bss.ingest.max-future-skew=3700000d")
class TimeRoundTripTest extends ApiTest {

    private static final long SEED = Long.decode(System.getProperty("bss.pbt.seed", "0x0B5520251107"));
    private static final int EVENTS = 400;
    private static final int RANGES = 40;
    private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

    private ApiClient api;
    /** What each accepted event's time must read back as, by id. */
    private final Map<String, Instant> stored = new HashMap<>();
    private final Map<String, String> sent = new HashMap<>();
    private final List<String> refusedTimes = new ArrayList<>();

    @BeforeAll
    void postEvents() {
        api = newTenantClient("times");
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = "t-" + i;
            String time = timestamp(random);
            sent.put(id, time);
            ids.add(id);
            batch.add("""
                    {"specversion":"1.0","type":"clock.ticked","source":"/times","id":"%s","time":"%s"}""".formatted(id, time));
            if (batch.size() == 100 || i == EVENTS - 1) {
                JsonNode results = api.post("/api/v1/events", "application/cloudevents-batch+json",
                        "[" + String.join(",", batch) + "]").json().get("results");
                for (JsonNode result : results) {
                    String eventId = ids.get(result.get("index").asInt());
                    if (result.get("status").asString().equals("accepted")) {
                        stored.put(eventId, expected(sent.get(eventId)));
                    } else {
                        refusedTimes.add(sent.get(eventId) + " " + result.get("error"));
                    }
                }
                batch.clear();
                ids.clear();
            }
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> read("").size() == stored.size());
    }

    /** The stored instant: the sent one rounded to microseconds as the store's binary COPY rounds it. */
    private static Instant expected(String time) {
        Instant instant = Rfc3339.parseOrNull(time);
        long micros = (long) Math.rint(instant.getNano() / 1000.0);
        return Instant.ofEpochSecond(instant.getEpochSecond()).plusNanos(micros * 1000);
    }

    /** Whether a valid RFC 3339 time is one the platform takes. */
    private static boolean storable(String time) {
        Instant instant = Rfc3339.parseOrNull(time);
        return instant != null && expected(time).isBefore(YEAR_10000);
    }

    @Test
    void everyStorableTimeIsAcceptedAndEveryOtherRefusedAtTheTime() {
        sent.forEach((id, time) -> assertThat(stored.containsKey(id)).as(seeded(time)).isEqualTo(storable(time)));
        assertThat(refusedTimes).allSatisfy(refusal -> assertThat(refusal).contains("\"pointer\":\"/time\""));
        assertThat(stored).as("samples that were accepted").hasSizeGreaterThan(EVENTS / 2);
    }

    @Test
    void getReturnsTheInstantThatWasSentInUtc() {
        Map<String, String> times = read("");
        stored.forEach((id, instant) -> {
            String time = times.get(id);
            assertThat(time).as(seeded(sent.get(id))).isEqualTo(instant.toString()).matches(Rfc3339::isValid)
                    .endsWith("Z").startsWith(String.format("%04d", instant.atOffset(java.time.ZoneOffset.UTC).getYear()));
        });
    }

    @Test
    void fromAndToSelectExactlyTheEventsTheyBound() {
        SplittableRandom random = new SplittableRandom(SEED ^ 0x5EED);
        List<String> ids = new ArrayList<>(stored.keySet());
        for (int i = 0; i < RANGES; i++) {
            String from = bound(random, ids);
            String to = bound(random, ids);
            Instant lower = Rfc3339.parseOrNull(from);
            Instant upper = Rfc3339.parseOrNull(to);
            TreeSet<String> expected = new TreeSet<>();
            stored.forEach((id, instant) -> {
                if (!instant.isBefore(lower) && instant.isBefore(upper)) {
                    expected.add(id);
                }
            });
            String query = "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
            assertThat(new TreeSet<>(read(query).keySet())).as(seeded("from=" + from + " to=" + to)).isEqualTo(expected);
        }
    }

    /** A bound: a sent time as it was sent, one a microsecond or a nanosecond beside a stored one, or any time. */
    private String bound(SplittableRandom random, List<String> ids) {
        String id = ids.get(random.nextInt(ids.size()));
        String time = switch (random.nextInt(4)) {
            case 0 -> sent.get(id);
            case 1 -> stored.get(id).plusNanos(random.nextBoolean() ? 1000 : -1000).toString();
            case 2 -> stored.get(id).plusNanos(random.nextBoolean() ? 1 : -1).toString();
            default -> timestamp(random);
        };
        return Rfc3339.isValid(time) ? time : "0001-01-01T00:00:00Z";
    }

    /** Every stored event of the tenant (filtered by the query), by id, with its time as GET answers it. */
    private Map<String, String> read(String query) {
        Map<String, String> times = new HashMap<>();
        String after = null;
        do {
            JsonNode page = api.get("/api/v1/events?limit=1000" + query + (after == null ? "" : "&after=" + after)).json();
            page.get("events").valueStream().forEach(e -> times.put(e.get("id").asString(), e.get("time").asString()));
            after = page.get("more").asBoolean() ? page.get("next").asString() : null;
        } while (after != null);
        return times;
    }

    /**
     * A valid RFC 3339 date-time: any year 0000-9999 (more often the edges of the Julian-Gregorian change and of
     * the range), upper or lower case T and Z, 0-9 fraction digits, Z or an offset up to ±23:59, now and then a
     * leap second.
     */
    static String timestamp(SplittableRandom random) {
        int year = switch (random.nextInt(5)) {
            case 0 -> random.nextInt(0, 3);
            case 1 -> random.nextInt(1500, 1700);
            case 2 -> random.nextInt(9997, 10000);
            default -> random.nextInt(0, 10000);
        };
        int month = random.nextInt(1, 13);
        int day = random.nextInt(1, LocalDate.of(year, month, 1).lengthOfMonth() + 1);
        int second = random.nextInt(20) == 0 ? 60 : random.nextInt(60);
        StringBuilder time = new StringBuilder("%04d-%02d-%02d%s%02d:%02d:%02d".formatted(year, month, day,
                random.nextBoolean() ? "T" : "t", random.nextInt(24), random.nextInt(60), second));
        int digits = random.nextInt(10);
        if (digits > 0) {
            time.append('.');
            for (int i = 0; i < digits; i++) {
                time.append((char) ('0' + random.nextInt(10)));
            }
        }
        time.append(switch (random.nextInt(4)) {
            case 0 -> "Z";
            case 1 -> "z";
            default -> "%s%02d:%02d".formatted(random.nextBoolean() ? "+" : "-", random.nextInt(24), random.nextInt(60));
        });
        return time.toString();
    }

    private static String seeded(String input) {
        return input + " (seed " + SEED + ", rerun with -Dbss.pbt.seed=" + SEED + ")";
    }
}
