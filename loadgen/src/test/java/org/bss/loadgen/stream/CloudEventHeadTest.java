package org.bss.loadgen.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloudEventHeadTest {

    private static CloudEventHead read(String json) {
        byte[] bytes = (json + "trailing bytes past the length").getBytes(StandardCharsets.UTF_8);
        return CloudEventHead.read(bytes, json.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void readsTheTopLevelAttributesWhateverTheirOrderAndIgnoresTheData() {
        assertThat(read("{\"specversion\":\"1.0\",\"data\":{\"id\":\"inner\",\"source\":\"x\",\"list\":[1,{\"type\":2}]},"
                + "\"type\":\"order.placed\",\"source\":\"/tenants/a/crm\",\"id\":\"019a\"}"))
                .isEqualTo(new CloudEventHead("019a", "/tenants/a/crm", "order.placed"));
        assertThat(read("{\"id\":\"e\\u0041\",\"source\":\"/s\"}")).isEqualTo(new CloudEventHead("eA", "/s", null));
    }

    @Test
    void whatIsNoCloudEventGivesNothing() {
        assertThat(read("not json")).isNull();
        assertThat(read("[1,2]")).isNull();
        assertThat(read("{\"id\":\"a\"}")).as("no source").isNull();
        assertThat(read("{\"id\":7,\"source\":\"/s\"}")).as("an id that is no string").isNull();
        assertThat(read("{\"id\":\"a\",\"source\":")).as("cut short").isNull();
    }
}
