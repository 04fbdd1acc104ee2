package org.bss.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunReportTest {

    private static final long START = 5_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** Five seconds at 100 events/s in batches of 10; second 3 is slow and has a 503 and a transport error. */
    static Totals fiveSeconds() {
        RunRecorder recorder = new RunRecorder(START);
        for (int s = 0; s < 5; s++) {
            recorder.target(100);
            for (int r = 0; r < 10; r++) {
                long due = START + s * SECOND + r * 100 * MS;
                recorder.sent(due, 10);
                int status = s == 2 && r == 0 ? 503 : s == 2 && r == 1 ? 0 : r == 9 ? 207 : 202;
                long latency = (s == 2 ? 200 : 2 + r) * MS;
                if (status == 207) {
                    recorder.completed(due, due + latency, status, 10, 6);
                } else {
                    recorder.completed(due, due + latency, status, 10);
                }
            }
            recorder.tick(START + (s + 1) * SECOND);
        }
        return recorder.totals();
    }

    static RunReport report(Map<String, Object> settings) {
        Totals totals = fiveSeconds();
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("accepted", totals.eventsAccepted());
        verification.put("stored", totals.eventsAccepted());
        verification.put("missing", 0);
        verification.put("duplicated", 0);
        Section ceilings = new Section("Ceiling comparison", List.of("scenario", "events/s", "p99 ms", "note"),
                List.of(List.of("single", 6_650, 12.4, "a & b"), Arrays.asList("batch 100", 35_000, 48.25, null)));
        return new RunReport("Steady run", settings, Map.of("cores", 2), totals, verification,
                new Thresholds(50.0, 0.01, 0L).evaluate(totals, 0L), List.of(ceilings));
    }

    static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scenario", "steady");
        settings.put("rate", 100);
        settings.put("mode", "batch");
        settings.put("batch size", 10);
        settings.put("duration", "5s");
        settings.put("url", "http://localhost:8080/api/v1/events");
        settings.put("tenant", "<script>alert('x')</script>");
        return settings;
    }

    @Test
    void jsonHoldsEverythingAndParsesBack() {
        RunReport report = report(settings());

        JsonNode json = JsonMapper.builder().build().readTree(report.json());

        assertThat(json.get("title").asString()).isEqualTo("Steady run");
        assertThat(json.get("settings").propertyNames()).containsExactly("scenario", "rate", "mode", "batch size",
                "duration", "url", "tenant");
        assertThat(json.get("settings").get("rate").isNumber()).isTrue();
        JsonNode totals = json.get("totals");
        assertThat(totals.get("requests").asLong()).isEqualTo(50);
        assertThat(totals.get("eventsSent").asLong()).isEqualTo(500);
        assertThat(totals.get("eventsAccepted").asLong()).isEqualTo(500 - 20 - 5 * 4);
        assertThat(totals.get("statusCounts").get("0").asLong()).isEqualTo(1);
        assertThat(totals.get("statusCounts").get("503").asLong()).isEqualTo(1);
        assertThat(totals.get("latencyMs").get("max").asDouble()).isCloseTo(200, within(0.2));
        assertThat(totals.get("latencyDistribution").size()).isEqualTo(Totals.DISTRIBUTION_PERCENTILES.size() + 1);
        JsonNode intervals = json.get("intervals");
        assertThat(intervals.size()).isEqualTo(5);
        assertThat(intervals.get(2).get("p50Ms").asDouble()).isCloseTo(200, within(0.2));
        assertThat(intervals.get(2).get("statusCounts").get("503").asLong()).isEqualTo(1);
        assertThat(intervals.get(0).get("achievedPerSecond").asDouble()).isEqualTo(96);
        assertThat(intervals.get(0).get("targetPerSecond").asDouble()).isEqualTo(100);
        assertThat(json.get("verification").get("missing").asInt()).isZero();
        assertThat(json.get("thresholds").get("verdict").asString()).isEqualTo("FAIL");
        assertThat(json.get("thresholds").get("failures").size()).isEqualTo(2);
        JsonNode section = json.get("sections").get(0);
        assertThat(section.get("rows").get(1).get(1).asInt()).isEqualTo(35_000);
        assertThat(section.get("rows").get(1).get(3).isNull()).isTrue();
    }

    @Test
    void jsonWritesNaNAsNullAndUnknownObjectsAsText() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("ratio", Double.NaN);
        settings.put("path", Path.of("/tmp/x"));
        RunReport report = new RunReport("t", settings, Map.of(), fiveSeconds(), null, null);

        JsonNode json = JsonMapper.builder().build().readTree(report.json());

        assertThat(json.get("settings").get("ratio").isNull()).isTrue();
        assertThat(json.get("settings").get("path").asString()).isEqualTo("/tmp/x");
        assertThat(json.get("verification").isNull()).isTrue();
        assertThat(json.get("thresholds").get("verdict").asString()).isEqualTo("none checked");
    }

    @Test
    void htmlIsOneSelfContainedPageWithAChartForEachView() {
        String html = report(settings()).html();

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(count(html, "<html")).isEqualTo(1);
        assertThat(count(html, "<svg")).isEqualTo(4);
        assertThat(count(html, "</svg>")).isEqualTo(4);
        assertThat(html).contains("Events per second: target vs achieved", "Latency per second",
                "Latency by percentile", "Responses by status");
        assertThat(html).containsPattern("<polyline[^>]*stroke=\"" + HtmlReport.TARGET + "\"")
                .containsPattern("<polyline[^>]*stroke=\"" + HtmlReport.ACHIEVED + "\"")
                .containsPattern("<polyline[^>]*stroke=\"" + HtmlReport.MAX + "\"");
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=")
                .doesNotContainPattern("(?i)@import|url\\(")
                .doesNotContainPattern("(?i)<script|<link");
        assertThat(html).contains("Ceiling comparison", "a &amp; b", "35,000", "verdict fail");
        assertThat(html).contains("p99 200.")
                .as("the threshold failure").contains("ms &gt; 50 ms");
    }

    @Test
    void htmlEscapesEveryTextItShows() {
        Map<String, Object> settings = settings();
        settings.put("<b>key</b>", "x");
        RunReport report = new RunReport("A <title> & \"quotes\"", settings, Map.of(), fiveSeconds(), null, null,
                List.of(new Section("<i>s</i>", List.of("<c>"), List.of(List.of("<cell>")))));

        String html = report.html();

        assertThat(html).doesNotContain("<script>alert", "<b>key", "<title> &", "<i>s", "<c>", "<cell>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;b&gt;key&lt;/b&gt;",
                        "<title>A &lt;title&gt; &amp; &quot;quotes&quot;</title>", "&lt;cell&gt;");
    }

    @Test
    void chartsPlotEveryIntervalAndLeaveGapsWhereNothingWasAnswered() {
        Totals totals = fiveSeconds();
        List<Interval> withGap = new ArrayList<>(totals.intervals());
        withGap.set(2, new Interval(2, 1, 100, 10, 100, 0, 0, new TreeMap<>(), 0, 0, 0, 0, 0, 2, 200, Reads.NONE));

        String throughput = HtmlReport.throughputChart(totals.intervals());
        String latency = HtmlReport.latencyChart(withGap);

        assertThat(pointsOf(throughput, HtmlReport.ACHIEVED)).containsExactly(5);
        assertThat(pointsOf(latency, HtmlReport.P99)).as("two runs of points around the gap").containsExactly(2, 2);
    }

    @Test
    void textSummarisesTheRun() {
        String text = report(settings()).text();

        assertThat(text).startsWith("Steady run\n==========\n")
                .contains("Settings\n  scenario    steady\n  rate        100\n")
                .contains("requests    50 sent, 50 answered, 0 unanswered")
                .contains("events      500 sent, 460 accepted (92.00%)")
                .contains("0 (transport error or timeout)")
                .contains("Thresholds: FAIL\n  FAIL p99 200.")
                .contains("Verification\n  accepted    460\n");
        assertThat(text).containsPattern("scenario +events/s +p99 ms +note\n  -+ +-+ +-+ +-+\n"
                + "  single +6,650 +12.4 +a & b\n  batch 100 +35,000 +48.25 +-\n");
    }

    /** Three seconds of writes, with reads in the last two: ten a second, 200, 404 and a 503 and an io failure. */
    static Totals withReads() {
        RunRecorder recorder = new RunRecorder(START);
        for (int s = 0; s < 3; s++) {
            recorder.target(10);
            for (int r = 0; r < 10; r++) {
                long due = START + s * SECOND + r * 100 * MS;
                recorder.sent(due, 1);
                recorder.completed(due, due + 2 * MS, 202, 1);
                if (s > 0) {
                    recorder.readSent(due);
                    int status = r < 6 ? 200 : r < 8 ? 404 : r == 8 ? 503 : 0;
                    recorder.readCompleted(due, due + (5 + r) * MS, status);
                }
            }
            recorder.tick(START + (s + 1) * SECOND);
        }
        return recorder.totals();
    }

    @Test
    void readsAreReportedApartFromTheWrites() {
        RunReport report = new RunReport("r", Map.of(), Map.of(), withReads(), null, null);

        assertThat(report.text())
                .contains("requests    30 sent, 30 answered, 0 unanswered")
                .contains("errors      0 responses not 2xx; error rate 0.00% of requests")
                .contains("Reads: GET /api/v1/customers/{id}, none of them in the figures above\n"
                        + "  reads             20 sent, 20 answered\n"
                        + "  throughput        7 reads/s answered\n"
                        + "  outcomes          12 ok (200), 4 not yet (404), 4 failed\n"
                        + "  failed by status  io: 2, 503: 2\n")
                .containsPattern("Read latency \\(ms, from each read's due time to its answer\\)\n"
                        + " +p50 +p90 +p99 +p99.9 +max\n  [- ]+\n"
                        + "  9\\.0[0-9]* +13\\.0[0-9]* +14\\.0[0-9]* +14\\.0[0-9]* +14\\.0[0-9]*\n");

        JsonNode json = JsonMapper.builder().build().readTree(report.json());
        JsonNode reads = json.get("totals").get("reads");
        assertThat(json.get("totals").get("requests").asLong()).isEqualTo(30);
        assertThat(reads.get("sent").asLong()).isEqualTo(20);
        assertThat(reads.get("ok").asLong()).isEqualTo(12);
        assertThat(reads.get("notYet").asLong()).isEqualTo(4);
        assertThat(reads.get("failed").asLong()).isEqualTo(4);
        assertThat(reads.get("statusCounts").get("503").asLong()).isEqualTo(2);
        assertThat(reads.get("latencyMs").get("max").asDouble()).isCloseTo(14, within(0.02));
        assertThat(json.get("intervals").get(0).has("reads")).isFalse();
        assertThat(json.get("intervals").get(1).get("reads").get("ok").asLong()).isEqualTo(6);

        String html = report.html();
        assertThat(html).contains("Reads: GET /api/v1/customers/{id}", "reads answered per second", "read p99 ms",
                "writes, and the reads&#39; p99");
        assertThat(pointsOf(HtmlReport.latencyChart(report.totals().intervals()), HtmlReport.READ_P99))
                .as("no reads in the first second").containsExactly(2);
    }

    @Test
    void aRunWithoutReadsSaysNothingOfThem() {
        RunReport report = report(settings());

        assertThat(report.text()).doesNotContain("Reads", "Read latency");
        assertThat(report.html()).doesNotContain("Reads:", "reads p99", "read p99");
        JsonNode json = JsonMapper.builder().build().readTree(report.json());
        assertThat(json.get("totals").get("reads").get("sent").asLong()).isZero();
        assertThat(json.get("intervals").get(0).has("reads")).isFalse();
    }

    @Test
    void textSaysWhenThresholdsPassedOrWereNotSet() {
        Totals totals = fiveSeconds();

        assertThat(new RunReport("r", Map.of(), Map.of(), totals, null, List.of()).text()).contains("Thresholds: PASS");
        assertThat(new RunReport("r", Map.of(), Map.of(), totals, null, null).text())
                .contains("Thresholds: none checked").doesNotContain("Verification");
    }

    @Test
    void thePaceKeptIsReportedWhenTheRunsScheduleIsKnown() {
        RunRecorder recorder = new RunRecorder(START, Duration.ofSeconds(2));
        for (int r = 0; r < 20; r++) {
            long due = START + r * 100 * MS;
            recorder.sent(due, 10);
            recorder.departed(due, due + SECOND);
            recorder.completed(due, due + SECOND + MS, 202, 10);
        }
        recorder.tick(START + 3 * SECOND);
        RunReport report = new RunReport("r", Map.of(), Map.of(), recorder.totals(), null,
                new Thresholds(null, null, null, null, 99.0).evaluate(recorder.totals(), null));

        assertThat(report.text()).contains("  pace        66.67% of the 100 events/s asked (67/s accepted: 200 of 200 "
                + "events accepted, the run 1 s behind its 2 s schedule at the end)\n")
                .contains("Thresholds: FAIL\n  FAIL rate 67 events/s accepted < 99% of the 100 events/s asked (66.67%: ");
        JsonNode pace = JsonMapper.builder().build().readTree(report.json()).get("totals").get("pace");
        assertThat(pace.get("windowSeconds").asDouble()).isEqualTo(3);
        assertThat(pace.get("acceptedPerSecond").asDouble()).isCloseTo(66.67, within(0.01));
        assertThat(report.html()).contains("<b>66.67%</b><span>of the 100 events/s asked kept</span>");
        assertThat(report(settings()).text()).as("no schedule, no pace").doesNotContain("pace");
    }

    @Test
    void writeAllWritesTheThreeFiles(@TempDir Path directory) throws Exception {
        RunReport report = report(settings());
        Path into = directory.resolve("results/run-1");

        RunReport.writeAll(report, into, "steady");

        assertThat(into.resolve("steady.txt")).content().isEqualTo(report.text());
        assertThat(into.resolve("steady.json")).content().isEqualTo(report.json());
        assertThat(into.resolve("steady.html")).content().isEqualTo(report.html());
        try (var files = Files.list(into)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("steady.txt", "steady.json", "steady.html");
        }
    }

    @Test
    void theReportKeepsTheSettingsInTheirOrderAndAllowsNullValues() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("z", 1);
        settings.put("a", null);
        RunReport report = new RunReport("r", settings, Map.of(), fiveSeconds(), null, null);

        assertThat(report.settings().keySet()).containsExactly("z", "a");
        assertThat(report.passed()).isTrue();
        assertThat(report.withSections(List.of(new Section("s", List.of(), List.of()))).sections()).hasSize(1);
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    /** The number of points of each polyline drawn in the colour. */
    private static List<Integer> pointsOf(String svg, String color) {
        Matcher m = Pattern.compile("<polyline[^>]*stroke=\"" + color + "\"[^>]*points=\"([^\"]*)\"").matcher(svg);
        List<Integer> counts = new ArrayList<>();
        while (m.find()) {
            counts.add(m.group(1).trim().split(" ").length);
        }
        return counts;
    }
}
