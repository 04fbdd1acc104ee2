package org.bss.model.schema;

import java.util.List;

/** A schema text that is not JSON, not a draft 2020-12 JSON Schema, or that cannot be compiled. */
public final class InvalidSchemaException extends RuntimeException {

    private final transient List<String> problems;

    public InvalidSchemaException(List<String> problems) {
        super(problems.isEmpty() ? "invalid schema" : "invalid schema: " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public InvalidSchemaException(String problem) {
        this(List.of(problem));
    }

    /** What is wrong, each naming where when it can (a JSON pointer into the schema). */
    public List<String> problems() {
        return problems;
    }
}
