package org.bss.loadgen.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamFilterTest {

    private static boolean matches(String query, String type, String source, String subject, String id) {
        return StreamFilter.parse(query).matches(type, source, subject, id);
    }

    @Test
    void anEmptyQueryTakesEveryEvent() {
        assertThat(StreamFilter.parse("")).isSameAs(StreamFilter.ALL);
        assertThat(StreamFilter.parse("?")).isSameAs(StreamFilter.ALL);
        assertThat(StreamFilter.ALL.matches("x", "/s", null, "1")).isTrue();
        assertThat(StreamFilter.ALL.query()).isEmpty();
        assertThat(StreamFilter.ALL).hasToString("none (every event of the tenant)");
    }

    @Test
    void anExactKeyRepeatedMatchesAnyOfItsValues() {
        String query = "type=order.placed&type=order.cancelled";

        assertThat(matches(query, "order.placed", "/s", null, "1")).isTrue();
        assertThat(matches(query, "order.cancelled", "/s", null, "1")).isTrue();
        assertThat(matches(query, "order.placedx", "/s", null, "1")).isFalse();
        assertThat(matches(query, "payment.processed", "/s", null, "1")).isFalse();
    }

    @Test
    void prefixSuffixAndNotOnEachAttribute() {
        assertThat(matches("prefix.type=order.", "order.placed", "/s", null, "1")).isTrue();
        assertThat(matches("prefix.type=order.", "payment.processed", "/s", null, "1")).isFalse();
        assertThat(matches("suffix.subject=_42", "t", "/s", "cus_42", "1")).isTrue();
        assertThat(matches("suffix.subject=_42", "t", "/s", "cus_43", "1")).isFalse();
        assertThat(matches("source=/tenants/a/crm", "t", "/tenants/a/crm", null, "1")).isTrue();
        assertThat(matches("prefix.source=/tenants/b/", "t", "/tenants/a/crm", null, "1")).isFalse();
        assertThat(matches("id=019a", "t", "/s", null, "019a")).isTrue();
        assertThat(matches("suffix.id=9a", "t", "/s", null, "019a")).isTrue();
        assertThat(matches("not.type=order.placed", "order.placed", "/s", null, "1")).isFalse();
        assertThat(matches("not.type=order.placed", "order.cancelled", "/s", null, "1")).isTrue();
        assertThat(matches("not.type=a&not.type=b", "b", "/s", null, "1")).as("none of them").isFalse();
        assertThat(matches("not.type=a&not.type=b", "c", "/s", null, "1")).isTrue();
    }

    @Test
    void anEventWithoutASubjectMatchesOnlyNot() {
        assertThat(matches("subject=cus_1", "t", "/s", null, "1")).isFalse();
        assertThat(matches("prefix.subject=cus_", "t", "/s", null, "1")).isFalse();
        assertThat(matches("suffix.subject=1", "t", "/s", null, "1")).isFalse();
        assertThat(matches("not.subject=cus_1", "t", "/s", null, "1")).isTrue();
    }

    @Test
    void differentKeysMustAllMatch() {
        String query = "prefix.type=order.&suffix.subject=_7&not.type=order.cancelled";

        assertThat(matches(query, "order.placed", "/s", "cus_7", "1")).isTrue();
        assertThat(matches(query, "order.placed", "/s", "cus_8", "1")).isFalse();
        assertThat(matches(query, "order.cancelled", "/s", "cus_7", "1")).isFalse();
        assertThat(matches(query, "invoice.generated", "/s", "cus_7", "1")).isFalse();
    }

    @Test
    void keysAndValuesAreDecodedAndSentEncoded() {
        StreamFilter filter = StreamFilter.parse("?source=%2Ftenants%2Fa%2Fcrm&suffix.subject=a+b&type=order.placed");

        assertThat(filter.matches("order.placed", "/tenants/a/crm", "x a b", "1")).isTrue();
        assertThat(filter.query()).isEqualTo("source=%2Ftenants%2Fa%2Fcrm&suffix.subject=a+b&type=order.placed");
        assertThat(filter).hasToString("source=/tenants/a/crm&suffix.subject=a b&type=order.placed");
        assertThat(filter).isEqualTo(StreamFilter.parse(filter.query()));
    }

    @Test
    void whatCannotBeCheckedHereIsRefusedNamingIt() {
        assertThatThrownBy(() -> StreamFilter.parse("type")).hasMessage(
                "'type' has no '=': use e.g. type=order.placed or prefix.type=order.");
        assertThatThrownBy(() -> StreamFilter.parse("type=a&dataschema=x")).hasMessage(
                "'dataschema' is not a filter the load generator can check: use type, source, subject or id, alone "
                        + "(exact) or after prefix., suffix. or not.");
        assertThatThrownBy(() -> StreamFilter.parse("exact.type=a")).hasMessageStartingWith("'exact.type' is not a filter");
        assertThatThrownBy(() -> StreamFilter.parse("type=%zz")).hasMessageStartingWith("'%zz' is not URL-encoded text");
        assertThatThrownBy(() -> StreamFilter.parse("type=a&prefix.type=")).hasMessage(
                "'prefix.type=' has an empty value, which the stream refuses");
    }
}
