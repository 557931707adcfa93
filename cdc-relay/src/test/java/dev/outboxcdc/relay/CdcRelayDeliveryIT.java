package dev.outboxcdc.relay;

import java.util.Map;

class CdcRelayDeliveryIT extends RelayDeliveryContract {
    @Override
    Map<String, String> modeEnvironment() {
        return Map.of("RELAY_MODE", "cdc");
    }
}
