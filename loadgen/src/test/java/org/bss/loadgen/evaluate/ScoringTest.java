package org.bss.loadgen.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bss.loadgen.evaluate.Scoring.Evaluation;
import org.bss.loadgen.evaluate.Scoring.KindResult;
import org.bss.loadgen.evaluate.Scoring.LabelResult;
import org.bss.loadgen.evaluate.Scoring.TenantResult;
import org.junit.jupiter.api.Test;

/** Scoring on labels and alerts made by hand: a two-hour run, one-minute windows, a tolerance of two. */
class ScoringTest {

    private static final Instant FROM = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(2));
    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** A label from 10:20:30 to 10:30:30, not on a window's edge, as an injection's start after a run's start is. */
    private static final Label FAILURES = new Label("payment-failures", "a", at("10:20:30"), at("10:30:30"));

    @Test
    void anAlertInTheWindowThatHoldsTheStartDetectsTheLabelWithTheDelayToTheWindowsEnd() {
        Evaluation result = score(List.of(FAILURES), alert("1", "a", "10:20:00"));

        LabelResult label = result.labels().getFirst();
        assertThat(label.detected()).isTrue();
        assertThat(label.inTime()).isTrue();
        assertThat(label.delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(label.caughtBy()).containsExactly("payments.failure_rate (robust-z)");
        assertThat(result.recall()).isEqualTo(1.0);
        assertThat(result.precision()).isEqualTo(1.0);
        assertThat(result.falseAlerts()).isEmpty();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void anAlertWhoseWindowEndedWhenTheLabelBeganIsFalseAndOneJustInsideMatches() {
        Evaluation before = score(List.of(FAILURES), alert("1", "a", "10:19:30"));
        Evaluation inside = score(List.of(FAILURES), alert("1", "a", "10:19:31"));

        assertThat(before.labels().getFirst().detected()).isFalse();
        assertThat(before.falseAlerts()).extracting(Alert::id).containsExactly("1");
        assertThat(before.recall()).isZero();
        assertThat(before.passed()).isFalse();
        assertThat(inside.labels().getFirst().delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(inside.falseAlerts()).isEmpty();
    }

    @Test
    void anAlertPastTheEndAndTheToleranceIsFalseAndOneOnItsEdgeMatchesLate() {
        Evaluation past = score(List.of(FAILURES), alert("1", "a", "10:32:30.001"));
        Evaluation edge = score(List.of(FAILURES), alert("1", "a", "10:32:30"));

        assertThat(past.labels().getFirst().detected()).isFalse();
        assertThat(past.falseAlerts()).hasSize(1);
        LabelResult late = edge.labels().getFirst();
        assertThat(late.detected()).isTrue();
        assertThat(late.inTime()).as("twelve minutes after the start, not within two windows").isFalse();
        assertThat(late.delay()).isEqualTo(Duration.ofMinutes(13));
        assertThat(edge.recall()).isZero();
        assertThat(edge.precision()).isEqualTo(1.0);
        assertThat(edge.kinds().getFirst().detected()).isEqualTo(1);
        assertThat(edge.kinds().getFirst().inTime()).isZero();
    }

    @Test
    void detectionWithinTwoWindowsOfTheStartIsInTimeAndLaterIsNot() {
        assertThat(score(List.of(FAILURES), alert("1", "a", "10:21:00")).labels().getFirst())
                .extracting(LabelResult::delay, LabelResult::inTime).containsExactly(Duration.ofSeconds(90), true);
        assertThat(score(List.of(FAILURES), alert("1", "a", "10:22:00")).labels().getFirst())
                .extracting(LabelResult::delay, LabelResult::inTime).containsExactly(Duration.ofSeconds(150), false);
    }

    @Test
    void twoAlertsForOneLabelBothMatchTheFirstGivesTheDelayAndBothNameWhatCaughtIt() {
        Alert rate = alert("1", "a", "10:21:00");
        Alert count = Alert.of("2", "a", "payments.failed", "seasonal", "resolved", at("10:20:00"));

        Evaluation result = score(List.of(FAILURES), rate, count);

        LabelResult label = result.labels().getFirst();
        assertThat(label.alerts()).extracting(Alert::id).containsExactly("2", "1");
        assertThat(label.delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(label.caughtBy()).containsExactly("payments.failed (seasonal)", "payments.failure_rate (robust-z)");
        assertThat(result.matching()).isEqualTo(2);
        assertThat(result.precision()).isEqualTo(1.0);
    }

    @Test
    void alertsOnCleanTrafficAreFalseAndCountPerCleanTenantHour() {
        Label silence = new Label("silence", "b", at("11:00:00"), at("11:10:00"));
        // b's labelled time: 10:59 (the window before the start) to 11:12 (two windows after the end), 13 minutes.
        List<Alert> alerts = List.of(alert("1", "a", "10:05:00"), alert("2", "a", "11:40:00"), alert("3", "b", "11:00:00"),
                alert("4", "b", "11:30:00"));

        Evaluation result = score(List.of(silence), alerts.toArray(Alert[]::new));

        assertThat(result.falseAlerts()).extracting(Alert::id).containsExactly("1", "4", "2");
        assertThat(result.tenants()).extracting(TenantResult::tenant, TenantResult::alerts, TenantResult::falseAlerts)
                .containsExactly(tuple("a", 2, 2), tuple("b", 2, 1));
        assertThat(result.tenants().get(0).cleanHours()).isEqualTo(2.0);
        assertThat(result.tenants().get(1).cleanHours()).isCloseTo(2.0 - 13 / 60.0, offset(1e-9));
        assertThat(result.falseAlertsPerHour()).isCloseTo(3 / (4.0 - 13 / 60.0), offset(1e-9));
        assertThat(result.falseAlertsMet()).isTrue();
        assertThat(result.recall()).isEqualTo(1.0);
        assertThat(result.precision()).isEqualTo(0.25);
    }

    @Test
    void moreThanOneFalseAlertPerCleanTenantHourMissesTheTarget() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alerts.add(alert("a" + i, "a", "10:0" + i + ":00"));
        }

        Evaluation result = score(List.of(), alerts.toArray(Alert[]::new));

        assertThat(result.falseAlertsPerHour()).isEqualTo(5 / 4.0);
        assertThat(result.falseAlertsMet()).isFalse();
        assertThat(result.recallMet()).as("nothing to detect").isTrue();
        assertThat(Double.isNaN(result.recall())).isTrue();
        assertThat(result.passed()).isFalse();
    }

    @Test
    void withoutAlertsNothingIsDetectedNothingIsFalseAndPrecisionIsUndefined() {
        Evaluation result = score(List.of(FAILURES, new Label("silence", "b", at("11:00:00"), at("11:05:00"))));

        assertThat(result.labels()).noneMatch(LabelResult::detected);
        assertThat(result.recall()).isZero();
        assertThat(Double.isNaN(result.precision())).isTrue();
        assertThat(result.falseAlertsPerHour()).isZero();
        assertThat(result.kinds()).extracting(KindResult::kind, KindResult::recall, KindResult::medianDelay, KindResult::maxDelay)
                .containsExactly(tuple("payment-failures", 0.0, null, null),
                        tuple("silence", 0.0, null, null));
        assertThat(result.passed()).isFalse();
    }

    @Test
    void anAlertOfAnotherTenantDoesNotDetectALabel() {
        Evaluation result = score(List.of(FAILURES), alert("1", "b", "10:21:00"));

        assertThat(result.labels().getFirst().detected()).isFalse();
        assertThat(result.falseAlerts()).extracting(Alert::tenant).containsExactly("b");
    }

    @Test
    void perKindRecallAndTheMedianAndLongestDelayOfTheDetectedLabels() {
        List<Label> labels = List.of(
                new Label("order-drop", "a", at("10:10:00"), at("10:15:00")),
                new Label("order-drop", "b", at("10:40:00"), at("10:45:00")),
                new Label("order-drop", "a", at("11:10:00"), at("11:15:00")),
                new Label("order-drop", "b", at("11:40:00"), at("11:45:00")),
                new Label("revenue-jump", "a", at("11:20:00"), at("11:25:00")));

        Evaluation result = score(labels, alert("1", "a", "10:10:00"), alert("2", "b", "10:41:00"), alert("3", "a", "11:13:00"),
                alert("4", "a", "11:20:00"));

        assertThat(result.kinds()).extracting(KindResult::kind, KindResult::labels, KindResult::detected, KindResult::inTime,
                        KindResult::medianDelay, KindResult::maxDelay)
                .containsExactly(tuple("order-drop", 4, 3, 2, Duration.ofMinutes(2), Duration.ofMinutes(4)),
                        tuple("revenue-jump", 1, 1, 1, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        assertThat(result.kinds().getFirst().recall()).isEqualTo(0.5);
        assertThat(result.recall()).isEqualTo(3 / 5.0);
        assertThat(result.recallMet()).isFalse();
    }

    @Test
    void anAlertInTheWindowTheRunEndedInIsNotScored() {
        Alert inTheLastWholeWindow = alert("1", "b", "11:58:00");
        Alert inTheWindowCutByTheEnd = alert("2", "b", "11:59:30");

        Evaluation result = score(List.of(), inTheLastWholeWindow, inTheWindowCutByTheEnd);

        assertThat(result.falseAlerts()).extracting(Alert::id).containsExactly("1");
        assertThat(result.outside()).extracting(Alert::id).containsExactly("2");
    }

    @Test
    void alertsStillOpenAreListedAndThoseOutsideTheSpanMatchingNoLabelAreNotScored() {
        Label atTheEnd = new Label("silence", "a", at("11:55:00"), TO);
        Alert open = Alert.of("1", "a", "events.count", "seasonal", "open", at("11:56:00"));
        Alert afterTheRunButMatching = alert("2", "a", "12:01:00");
        Alert afterTheRun = Alert.of("3", "b", "events.count", "seasonal", "open", at("12:01:00"));
        Alert beforeTheRun = alert("4", "b", "09:59:00");

        Evaluation result = score(List.of(atTheEnd), open, afterTheRunButMatching, afterTheRun, beforeTheRun);

        assertThat(result.scored()).extracting(Alert::id).containsExactly("1", "2");
        assertThat(result.outside()).extracting(Alert::id).containsExactly("4", "3");
        assertThat(result.openAtEnd()).extracting(Alert::id).containsExactly("1");
        assertThat(result.falseAlerts()).isEmpty();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Scoring.median(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(50), Duration.ofSeconds(60))))
                .isEqualTo(Duration.ofSeconds(35));
        assertThat(Scoring.median(List.of())).isNull();
    }

    @Test
    void aToleranceBelowOneWindowOrAnEmptySpanIsRefused() {
        assertThatThrownBy(() -> new Scoring.Settings(FROM, TO, WINDOW, 0, List.of()))
                .hasMessage("the tolerance is at least 1 window: the one an anomaly began in");
        assertThatThrownBy(() -> new Scoring.Settings(TO, FROM, WINDOW, 2, List.of()))
                .hasMessageStartingWith("the span to score is empty");
    }

    private static Evaluation score(List<Label> labels, Alert... alerts) {
        return Scoring.score(new Scoring.Settings(FROM, TO, WINDOW, 2, List.of("a", "b")), labels, List.of(alerts));
    }

    private static Alert alert(String id, String tenant, String time) {
        return Alert.of(id, tenant, "payments.failure_rate", "robust-z", "resolved", at(time));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-03-02T" + time + "Z");
    }
}
