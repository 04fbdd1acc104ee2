package org.bss.platform.analytics.internal.detect;

import com.fasterxml.jackson.annotation.JsonValue;

/** The detectors, in the order that breaks ties between equally severe verdicts. */
public enum Detector {
    ROBUST_Z("robust-z"),
    EWMA("ewma"),
    SEASONAL("seasonal"),
    ISOLATION_FOREST("isolation-forest");

    private final String label;

    Detector(String label) {
        this.label = label;
    }

    /** The name shown to people and written to JSON: {@code robust-z}, {@code ewma}, ... */
    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
