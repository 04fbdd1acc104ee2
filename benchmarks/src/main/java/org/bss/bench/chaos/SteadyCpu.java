package org.bss.bench.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU each part of the run used in a window of the steady phase before the fault, per event accepted in that
 * window.
 *
 * @param fromSeconds the window's start, in seconds of the load generator's run
 * @param toSeconds   its end
 * @param cpuSeconds  CPU seconds used in the window, by part ({@link ProcessCpu#snapshot})
 */
public record SteadyCpu(double fromSeconds, double toSeconds, Map<String, Double> cpuSeconds) {

    static final SteadyCpu NONE = new SteadyCpu(0, 0, Map.of());

    static SteadyCpu between(double fromSeconds, Map<String, Double> start, double toSeconds, Map<String, Double> end) {
        Map<String, Double> used = new LinkedHashMap<>();
        end.forEach((part, seconds) -> used.put(part, Math.max(0, seconds - start.getOrDefault(part, 0.0))));
        return new SteadyCpu(fromSeconds, toSeconds, used);
    }

    /** Events accepted in the window, from the run's seconds ({@code [start, accepted/s, ...]}), parts of a second pro rata. */
    double events(List<double[]> seconds) {
        double events = 0;
        for (double[] second : seconds) {
            double overlap = Math.min(second[0] + 1, toSeconds) - Math.max(second[0], fromSeconds);
            if (overlap > 0) {
                events += second[1] * overlap;
            }
        }
        return events;
    }

    /** Microseconds of CPU per accepted event, by part, with their total; empty when nothing was measured. */
    Map<String, Double> microsPerEvent(List<double[]> seconds) {
        double events = events(seconds);
        Map<String, Double> perEvent = new LinkedHashMap<>();
        if (events <= 0 || cpuSeconds.isEmpty()) {
            return perEvent;
        }
        cpuSeconds.forEach((part, used) -> perEvent.put(part, used * 1e6 / events));
        perEvent.put("total", cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() * 1e6 / events);
        return perEvent;
    }
}
