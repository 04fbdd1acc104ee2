package org.bss.model.envelope;

import java.util.List;

/** An event that breaks the CloudEvents format or its rules; carries every violation found. */
public final class InvalidEventException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super(violations.isEmpty() ? "invalid event" : describe(violations.getFirst()), null, false, false);
        this.violations = List.copyOf(violations);
    }

    public InvalidEventException(Violation violation) {
        this(List.of(violation));
    }

    private static String describe(Violation violation) {
        return violation.pointer().isEmpty() ? violation.message() : violation.pointer() + " " + violation.message();
    }

    public List<Violation> violations() {
        return violations;
    }
}
