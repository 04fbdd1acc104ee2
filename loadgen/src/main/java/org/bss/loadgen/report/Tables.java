package org.bss.loadgen.report;

import java.util.List;
import java.util.Map;

/**
 * Tables for reports other than a run's (evaluate's): aligned plain text as the run report writes them, and Markdown.
 * Cells are rendered as in a {@link Section}: null as a dash, numbers with grouping.
 */
public final class Tables {

    private Tables() {
    }

    /** An aligned table: a header, a rule, the rows; numbers right-aligned. */
    public static List<String> text(List<String> columns, List<List<Object>> rows) {
        return TextReport.table(columns, rows);
    }

    /** Key, value lines with the keys aligned. */
    public static List<String> keyValues(Map<String, ?> values) {
        return TextReport.keyValues(values);
    }

    /** A GitHub-flavoured Markdown table; columns whose cells are all numbers are right-aligned. */
    public static String markdown(List<String> columns, List<List<Object>> rows) {
        StringBuilder md = new StringBuilder();
        md.append('|');
        columns.forEach(column -> md.append(' ').append(cell(column)).append(" |"));
        md.append("\n|");
        for (int c = 0; c < columns.size(); c++) {
            boolean numeric = !rows.isEmpty();
            for (List<Object> row : rows) {
                Object value = c < row.size() ? row.get(c) : null;
                numeric &= value == null || value instanceof Number;
            }
            md.append(numeric ? " ---: |" : " --- |");
        }
        md.append('\n');
        for (List<Object> row : rows) {
            md.append('|');
            for (int c = 0; c < columns.size(); c++) {
                Object value = c < row.size() ? row.get(c) : null;
                md.append(' ').append(cell(value instanceof String s ? s : Fmt.value(value))).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Text safe in a Markdown table cell: pipes escaped, line breaks as spaces. */
    public static String cell(String text) {
        return text == null ? "-" : text.replace("\\", "\\\\").replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }

    /** A number with grouping and at most three decimals, as the reports write them: 0.5, 12,345.679. */
    public static String number(double value) {
        return Fmt.decimal(value);
    }
}
