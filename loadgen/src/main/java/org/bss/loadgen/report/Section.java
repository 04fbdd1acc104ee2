package org.bss.loadgen.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An extra table of a report (e.g. the benchmark script's ceiling comparison). Cells may be null (shown as a dash);
 * numbers are right-aligned in the text and HTML renderings and stay numbers in the JSON.
 */
public record Section(String title, List<String> columns, List<List<Object>> rows) {

    public Section {
        columns = List.copyOf(columns);
        List<List<Object>> copied = new ArrayList<>();
        for (List<Object> row : rows) {
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copied);
    }
}
