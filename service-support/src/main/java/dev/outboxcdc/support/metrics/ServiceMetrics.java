package dev.outboxcdc.support.metrics;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ServiceVariables;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one metrics registry of a service: Prometheus format, every series tagged with the service's
 * name, and the JVM's memory, GC, threads, class loading, process CPU and uptime bound to it.
 * {@code METRICS_ENABLED=false} denies every meter (each becomes a no-op; {@code /metrics} is
 * empty): what the benchmark compares against to price the metrics.
 */
public final class ServiceMetrics {
    private ServiceMetrics() {}

    public static PrometheusMeterRegistry create(String service, Env env) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (!env.get(ServiceVariables.METRICS_ENABLED)) {
            registry.config().meterFilter(MeterFilter.deny());
        }
        registry.config().commonTags("service", service);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry); // lives as long as the process: never closed
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
