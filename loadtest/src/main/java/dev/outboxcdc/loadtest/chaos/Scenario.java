package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.loadtest.bench.ServiceStack;

/** One fault, injected into a running stack under load; returns once the fault (and any restart) is done. */
record Scenario(int number, String name, boolean expectNoDuplicateDeliveries, Fault fault) {

    interface Fault {
        void inject(ServiceStack stack) throws Exception;
    }
}
