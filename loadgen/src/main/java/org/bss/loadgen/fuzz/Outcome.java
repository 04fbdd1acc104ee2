package org.bss.loadgen.fuzz;

/** What a request got, as the pass judges it: a refusal the platform should give, or a finding. */
public enum Outcome {
    PROBLEM("4xx problem+json", false),
    BATCH_REFUSED("400 batch answer, every event rejected", false),
    CLOSED("closed without an answer", false),
    ACCEPTED("2xx: accepted", true),
    SERVER_ERROR("5xx", true),
    NOT_PROBLEM("4xx without a problem+json body", true),
    OTHER_STATUS("neither 2xx, 4xx nor 5xx", true),
    MALFORMED_ANSWER("not an HTTP answer", true),
    HANG("no answer and not closed in time", true);

    private final String label;
    private final boolean finding;

    Outcome(String label, boolean finding) {
        this.label = label;
        this.finding = finding;
    }

    public String label() {
        return label;
    }

    public boolean finding() {
        return finding;
    }
}
