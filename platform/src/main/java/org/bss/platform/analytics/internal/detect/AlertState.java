package org.bss.platform.analytics.internal.detect;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Whether an alert is open for one tenant and metric: at most one is.
 *
 * <p>An alert opens on a window's most severe anomalous verdict (ties go to the earlier detector: robust-z, ewma,
 * seasonal, isolation-forest), escalates once if a critical verdict follows a warning, and resolves after
 * {@code resolveAfter} consecutive windows with no anomalous verdict; an anomalous window in between starts that count
 * again, so a flapping metric keeps one alert open. Muted thresholds open and escalate nothing; an alert already open
 * still resolves.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "state")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AlertState.None.class, name = "none"),
    @JsonSubTypes.Type(value = AlertState.Open.class, name = "open")
})
public sealed interface AlertState {

    AlertState NONE = new None();

    record None() implements AlertState {
    }

    /**
     * @param detector      the detector whose verdict opened the alert
     * @param severity      the severity of the last anomalous window
     * @param openedAt      the start of the window that opened it
     * @param opening       the verdict that opened it
     * @param worst         the highest severity seen while open
     * @param normalWindows consecutive windows without an anomalous verdict, up to the last one
     * @param windowsOpen   windows from the opening one to the last one, both counted
     */
    record Open(Detector detector, Severity severity, Instant openedAt, Verdict opening, Severity worst,
            int normalWindows, int windowsOpen) implements AlertState {

        Open counted(Severity severity, Severity worst, int normalWindows) {
            return new Open(detector, severity, openedAt, opening, worst, normalWindows, windowsOpen + 1);
        }
    }

    /** The state after a window and the changes the window caused (none, or one). */
    record Step(AlertState next, List<AlertChange> changes) {
    }

    static Step step(AlertState state, List<Verdict> verdicts, Instant windowStart, Thresholds thresholds) {
        Optional<Verdict> worst = verdicts.stream().filter(Verdict::anomalous).max(MOST_SEVERE_FIRST_DETECTOR);
        return switch (state) {
            case None none when worst.isEmpty() || thresholds.muted() -> new Step(none, List.of());
            case None none -> {
                Verdict v = worst.get();
                yield new Step(new Open(v.detector(), v.severity(), windowStart, v, v.severity(), 0, 1),
                        List.of(new AlertChange.Opened(v, windowStart)));
            }
            case Open open when worst.isEmpty() -> open.normalWindows + 1 >= thresholds.resolveAfter()
                    ? new Step(NONE, List.of(new AlertChange.Resolved(windowStart, open.windowsOpen + 1)))
                    : new Step(open.counted(open.severity, open.worst, open.normalWindows + 1), List.of());
            case Open open -> {
                Verdict v = worst.get();
                boolean escalates = !thresholds.muted() && v.severity().compareTo(open.worst) > 0;
                Severity severity = thresholds.muted() ? open.severity : v.severity();
                yield new Step(open.counted(severity, escalates ? v.severity() : open.worst, 0),
                        escalates ? List.of(new AlertChange.Escalated(v)) : List.of());
            }
        };
    }

    static List<AlertChange> decide(AlertState state, List<Verdict> verdicts, Instant windowStart,
            Thresholds thresholds) {
        return step(state, verdicts, windowStart, thresholds).changes();
    }

    static AlertState evolve(AlertState state, List<Verdict> verdicts, Instant windowStart, Thresholds thresholds) {
        return step(state, verdicts, windowStart, thresholds).next();
    }

    /** Orders verdicts so that the maximum is the most severe, and among equals the earliest detector. */
    Comparator<Verdict> MOST_SEVERE_FIRST_DETECTOR = Comparator.comparing(Verdict::severity)
            .thenComparing(Verdict::detector, Comparator.reverseOrder());
}
