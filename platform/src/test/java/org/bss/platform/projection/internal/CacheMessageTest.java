package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheMessageTest {

    @Test
    void droppedKeysComeBackAsTheyWereWhateverTheyHold() {
        List<String> keys = List.of(new CacheKey("t1", "customer", "a:b\nc").text(),
                new CacheKey("t1", "order", "żółw 🐢").text(), new CacheKey("t2", "invoice", "").text());

        assertThat(CacheMessage.decode(CacheMessage.dropped(keys))).isEqualTo(new CacheMessage.Dropped(keys));
    }

    @Test
    void aMessageThatCannotBeReadDropsEverything() {
        byte[] message = CacheMessage.dropped(List.of("t1:customer:3:abc"));

        assertThat(CacheMessage.decode(Arrays.copyOf(message, message.length - 1))).isEqualTo(new CacheMessage.ForgetAll());
        assertThat(CacheMessage.decode(new byte[] {'?'})).isEqualTo(new CacheMessage.ForgetAll());
        assertThat(CacheMessage.decode(new byte[] {CacheMessage.WARM})).isEqualTo(new CacheMessage.Warm());
    }
}
