package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class AlertStateTest {

    static final Thresholds DEFAULTS = Thresholds.defaults();
    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    static Verdict verdict(Detector detector, Severity severity) {
        return new Verdict(detector, severity, 412, 20, 61, severity == Severity.NONE ? 1 : 9.3, 60, null);
    }

    static final List<Verdict> NORMAL = List.of(verdict(Detector.ROBUST_Z, Severity.NONE), verdict(Detector.EWMA, Severity.NONE));
    static final List<Verdict> WARNING = List.of(verdict(Detector.ROBUST_Z, Severity.WARNING), verdict(Detector.EWMA, Severity.NONE));
    static final List<Verdict> CRITICAL = List.of(verdict(Detector.ROBUST_Z, Severity.NONE), verdict(Detector.SEASONAL, Severity.CRITICAL));

    /** Feeds the windows in order and returns every change, each with the index of its window. */
    static List<String> run(Thresholds thresholds, List<List<Verdict>> windows) {
        AlertState state = AlertState.NONE;
        List<String> changes = new ArrayList<>();
        for (int t = 0; t < windows.size(); t++) {
            Instant window = START.plus(Duration.ofMinutes(t));
            AlertState.Step step = AlertState.step(state, windows.get(t), window, thresholds);
            assertThat(AlertState.decide(state, windows.get(t), window, thresholds)).isEqualTo(step.changes());
            assertThat(AlertState.evolve(state, windows.get(t), window, thresholds)).isEqualTo(step.next());
            for (AlertChange change : step.changes()) {
                changes.add(t + ":" + describe(change));
            }
            state = step.next();
        }
        return changes;
    }

    static String describe(AlertChange change) {
        return switch (change) {
            case AlertChange.Opened o -> "opened " + o.verdict().detector() + " " + o.verdict().severity();
            case AlertChange.Escalated e -> "escalated " + e.verdict().detector();
            case AlertChange.Resolved r -> "resolved after " + r.windowsOpen();
        };
    }

    @Test
    void opensOnTheFirstAnomalousWindowAndResolvesAfterTwoNormalOnes() {
        assertThat(run(DEFAULTS, List.of(NORMAL, WARNING, WARNING, NORMAL, NORMAL, NORMAL)))
                .containsExactly("1:opened robust-z WARNING", "4:resolved after 4");
    }

    @Test
    void opensOnTheMostSevereVerdictAndEscalatesOnceFromWarningToCritical() {
        assertThat(run(DEFAULTS, List.of(CRITICAL, NORMAL, NORMAL))).containsExactly("0:opened seasonal CRITICAL", "2:resolved after 3");
        assertThat(run(DEFAULTS, List.of(WARNING, CRITICAL, WARNING, CRITICAL, NORMAL, NORMAL)))
                .containsExactly("0:opened robust-z WARNING", "1:escalated seasonal", "5:resolved after 6");
    }

    @Test
    void equallySevereVerdictsGoToTheEarlierDetector() {
        List<Verdict> ties = List.of(verdict(Detector.ISOLATION_FOREST, Severity.WARNING),
                verdict(Detector.SEASONAL, Severity.WARNING), verdict(Detector.EWMA, Severity.WARNING));
        assertThat(run(DEFAULTS, List.of(ties))).containsExactly("0:opened ewma WARNING");
    }

    @Test
    void aFlappingMetricKeepsOneAlertOpenUntilItIsQuietForResolveAfterWindows() {
        assertThat(run(DEFAULTS, List.of(WARNING, NORMAL, WARNING, NORMAL, WARNING, NORMAL, WARNING, NORMAL, NORMAL, WARNING)))
                .containsExactly("0:opened robust-z WARNING", "8:resolved after 9", "9:opened robust-z WARNING");
        Thresholds patient = new Thresholds(4, 6, 10, 4, 2, 0.65, 30, 3, 1, false);
        assertThat(run(patient, List.of(WARNING, NORMAL, NORMAL, WARNING, NORMAL, NORMAL, NORMAL)))
                .containsExactly("0:opened robust-z WARNING", "6:resolved after 7");
    }

    @Test
    void windowsWithoutVerdictsCountAsNormal() {
        assertThat(run(DEFAULTS, List.of(WARNING, List.of(), List.of()))).containsExactly("0:opened robust-z WARNING", "2:resolved after 3");
        assertThat(run(DEFAULTS, List.of(List.of(), NORMAL))).isEmpty();
    }

    @Test
    void mutedThresholdsOpenAndEscalateNothingButAnOpenAlertStillResolves() {
        Thresholds muted = DEFAULTS.withMuted(true);
        assertThat(run(muted, List.of(WARNING, CRITICAL, WARNING))).isEmpty();

        AlertState open = AlertState.evolve(AlertState.NONE, WARNING, START, DEFAULTS);
        assertThat(AlertState.decide(open, CRITICAL, START.plusSeconds(60), muted)).isEmpty();
        AlertState stillOpen = AlertState.evolve(open, CRITICAL, START.plusSeconds(60), muted);
        assertThat(stillOpen).isInstanceOf(AlertState.Open.class);
        AlertState oneQuiet = AlertState.evolve(stillOpen, NORMAL, START.plusSeconds(120), muted);
        assertThat(AlertState.decide(oneQuiet, NORMAL, START.plusSeconds(180), muted))
                .containsExactly(new AlertChange.Resolved(START.plusSeconds(180), 4));
    }

    @Test
    void anOpenAlertRemembersWhatOpenedItAndTheWorstSeverity() {
        AlertState state = AlertState.NONE;
        for (List<Verdict> window : List.of(WARNING, CRITICAL, WARNING, NORMAL)) {
            state = AlertState.evolve(state, window, START, DEFAULTS);
        }
        AlertState.Open open = (AlertState.Open) state;
        assertThat(open.detector()).isEqualTo(Detector.ROBUST_Z);
        assertThat(open.opening()).isEqualTo(WARNING.get(0));
        assertThat(open.openedAt()).isEqualTo(START);
        assertThat(open.severity()).isEqualTo(Severity.WARNING);
        assertThat(open.worst()).isEqualTo(Severity.CRITICAL);
        assertThat(open.normalWindows()).isEqualTo(1);
        assertThat(open.windowsOpen()).isEqualTo(4);
    }

    @Test
    void statesAndChangesRoundTripThroughJson() {
        AlertState open = AlertState.evolve(AlertState.NONE, CRITICAL, START, DEFAULTS);
        assertThat(Json.roundTrip(open, AlertState.class)).isEqualTo(open);
        assertThat(Json.roundTrip(AlertState.NONE, AlertState.class)).isEqualTo(AlertState.NONE);
        List<AlertChange> changes = List.of(new AlertChange.Opened(WARNING.get(0), START),
                new AlertChange.Escalated(CRITICAL.get(1)), new AlertChange.Resolved(START, 3));
        TypeReference<List<AlertChange>> listOfChanges = new TypeReference<>() { };
        String json = Json.MAPPER.writerFor(listOfChanges).writeValueAsString(changes);
        assertThat(json).contains("\"change\":\"opened\"", "\"detector\":\"robust-z\"", "\"change\":\"resolved\"");
        assertThat(Json.MAPPER.readValue(json, listOfChanges)).isEqualTo(changes);
        for (AlertChange change : changes) {
            assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(change), AlertChange.class)).isEqualTo(change);
        }
    }
}
