package dev.outboxcdc.relay;

import java.util.Map;

class PollingRelayDeliveryIT extends RelayDeliveryContract {
    @Override
    Map<String, String> modeEnvironment() {
        return Map.of("RELAY_MODE", "polling", "RELAY_POLL_INTERVAL_MS", "100");
    }
}
