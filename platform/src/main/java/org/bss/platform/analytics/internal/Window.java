package org.bss.platform.analytics.internal;

import java.time.Duration;

/** The tumbling windows analytics keeps, by the label the API and the aggregated topic use. */
enum Window {
    MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    HOUR("1h", Duration.ofHours(1));

    private final String label;
    private final Duration size;

    Window(String label, Duration size) {
        this.label = label;
        this.size = size;
    }

    String label() {
        return label;
    }

    Duration size() {
        return size;
    }

    long startOf(long millis) {
        return Math.floorDiv(millis, size.toMillis()) * size.toMillis();
    }

    static Window labelled(String label) {
        for (Window window : values()) {
            if (window.label.equals(label)) {
                return window;
            }
        }
        return null;
    }
}
