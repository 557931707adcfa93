package dev.outboxcdc.consumer.internal.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.consumer.EventHandler;
import org.junit.jupiter.api.Test;

class HandlersTest {
    private final EventHandler handler = (event, transaction) -> {};
    private final Handlers handlers = new Handlers();

    @Test
    void aHandlerIsFoundByItsTypeAndVersion() {
        handlers.add("CustomerCreated", 1, handler);
        handlers.add("CustomerCreated", 2, handler);

        assertThat(handlers.handler("CustomerCreated", 2)).containsSame(handler);
        assertThat(handlers.handler("CustomerCreated", 3)).isEmpty();
        assertThat(handlers.handler("CustomerUpdated", 1)).isEmpty();
        assertThat(handlers.versions("CustomerCreated")).containsExactly(1, 2);
    }

    @Test
    void aSecondHandlerForTheSameTypeAndVersionIsRefusedSayingWhich() {
        handlers.add("CustomerCreated", 1, handler);

        assertThatThrownBy(() -> handlers.add("CustomerCreated", 1, (event, transaction) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a handler for CustomerCreated v1 is registered twice");
    }

    @Test
    void versionsStartAtOne() {
        assertThatThrownBy(() -> handlers.add("CustomerCreated", 0, handler))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versions start at 1");
    }
}
