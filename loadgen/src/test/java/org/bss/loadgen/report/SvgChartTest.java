package org.bss.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bss.loadgen.report.SvgChart.Axis;
import org.bss.loadgen.report.SvgChart.Tick;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void aLinearAxisEndsOnARoundNumberAboveTheLargestValue() {
        Axis axis = Axis.linear("events/s", 6_650);

        assertThat(axis.max()).isEqualTo(8_000);
        assertThat(axis.ticks()).extracting(Tick::label).containsExactly("0", "2000", "4000", "6000", "8000");
        assertThat(Axis.linear("events/s", 0).max()).isEqualTo(1);
        assertThat(Axis.linear("events/s", 35_000).ticks()).extracting(Tick::label)
                .containsExactly("0", "10k", "20k", "30k", "40k");
    }

    @Test
    void aLogAxisCoversTheValuesWithOneTwoFiveSteps() {
        Axis axis = Axis.log("ms", 1.7, 830);

        assertThat(axis.min()).isEqualTo(1);
        assertThat(axis.max()).isEqualTo(1_000);
        assertThat(axis.ticks()).extracting(Tick::value).containsExactly(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0,
                200.0, 500.0, 1_000.0);
        assertThat(Axis.log("ms", 0.3, 60_000).ticks()).extracting(Tick::label)
                .containsExactly("0.2", "1", "10", "100", "1000", "10k", "100k");
    }

    @Test
    void aLogAxisPlacesDecadesEvenly() {
        Axis axis = Axis.log("ms", 1, 100);

        assertThat(axis.position(1, 0, 200)).isEqualTo(0);
        assertThat(axis.position(10, 0, 200)).isCloseTo(100, within(1e-9));
        assertThat(axis.position(100, 0, 200)).isCloseTo(200, within(1e-9));
        assertThat(axis.position(0, 0, 200)).as("below the axis is clamped, not NaN").isEqualTo(0);
    }

    @Test
    void niceSteps() {
        assertThat(SvgChart.niceStep(1_330)).isEqualTo(2_000);
        assertThat(SvgChart.niceStep(0.22)).isCloseTo(0.25, within(1e-12));
        assertThat(SvgChart.niceStep(7)).isEqualTo(10);
    }

    @Test
    void aChartWithoutDataIsStillAnSvg() {
        String svg = SvgChart.lineChart("empty", Axis.linear("s", 0), Axis.log("ms", 0, 0), List.of());

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").doesNotContain("NaN", "Infinity");
    }

    @Test
    void aStandaloneChartIsAWellFormedSvgDocumentWithItsStylesInline() throws Exception {
        String chart = SvgChart.lineChart("p99 by rate <log>", Axis.linear("events/min", 400_000), Axis.log("ms", 5, 600),
                List.of(new SvgChart.Series("p99", "#ef6c00", false, new double[] {200_000, 400_000}, new double[] {30, 500})));

        String file = SvgChart.standalone(chart);

        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(document.getElementsByTagName("style").item(0).getTextContent()).contains("svg .grid{stroke:#eee}");
        assertThat(document.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("p99 by rate <log>");
    }

    @Test
    void aTimelineDrawsEachRowsSpansAndMarksWhereTheyFallOnTheAxisAsWellFormedSvg() throws Exception {
        String svg = SvgChart.standalone(SvgChart.timeline("Labels & alerts", Axis.linear("minutes", 60), List.of("t1", "t<2>"),
                List.of(new SvgChart.Band(0, 10, 20, "#ef6c00", "payment-failures")),
                List.of(new SvgChart.Mark(0, 11, "#2e7d32", false, "matching"), new SvgChart.Mark(1, 30, "#c62828", true, "false")),
                List.of(new SvgChart.Key("payment-failures", "#ef6c00"))));

        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        // The plot runs from x 150 to 920: minute 10 at 278.3, minute 20 at 406.7, minute 30 at 535.
        assertThat(svg).contains("<rect x=\"278.3\" y=\"58.0\" width=\"128.3\" height=\"20\" fill=\"#ef6c00\"",
                        "<title>payment-failures</title>", ">t&lt;2&gt;</text>", "Labels &amp; alerts")
                .contains("<circle cx=\"535.0\" cy=\"96.0\" r=\"4.5\" fill=\"#fff\" stroke=\"#c62828\"")
                .contains("<circle cx=\"291.2\" cy=\"68.0\" r=\"4.5\" fill=\"#2e7d32\">");
    }
}
