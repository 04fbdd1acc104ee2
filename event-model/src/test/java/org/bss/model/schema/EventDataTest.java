package org.bss.model.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.bss.model.envelope.InvalidEventException;
import org.bss.model.envelope.Violation;
import org.junit.jupiter.api.Test;

class EventDataTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsOneJsonValue() {
        assertThat(EventData.parse(bytes("{\"amount\":100.50}")).get("amount").decimalValue())
                .isEqualByComparingTo("100.50");
        assertThat(EventData.parse(bytes(" 42 ")).intValue()).isEqualTo(42);
        assertThat(EventData.parse(bytes("\"text\"")).stringValue()).isEqualTo("text");
        assertThat(EventData.parse(bytes("null")).isNull()).isTrue();
    }

    @Test
    void refusesWhatIsNotOneJsonValue() {
        for (String text : new String[] {"", "   ", "{", "{\"a\":1} {\"b\":2}", "1 2", "nope", "{'a':1}"}) {
            assertThatThrownBy(() -> EventData.parse(bytes(text)))
                    .as(text)
                    .isInstanceOf(InvalidEventException.class)
                    .satisfies(e -> assertThat(((InvalidEventException) e).violations())
                            .singleElement().extracting(Violation::pointer).isEqualTo("/data"));
        }
        assertThatThrownBy(() -> EventData.parse(null)).isInstanceOf(InvalidEventException.class);
    }
}
