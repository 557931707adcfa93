package dev.outboxcdc.support.lifecycle;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM, SIGINT and SIGHUP (the terminal that ran the service was closed) into a latch the
 * main thread waits on. Handling the signals ourselves,
 * instead of in a JVM shutdown hook, lets the main thread stop every component in order and then
 * exit with status 0 (a JVM ended by the signal exits 143/130) — and lets it exit non-zero when a
 * component fails on its own. Thread-safe.
 */
// sun.misc.Signal (jdk.unsupported) is the JDK's only way to stop cleanly and exit 0 on SIGTERM (a shutdown
// hook exits 143). It is reached by reflection: javac warns about every compile-time use of it, a warning
// no @SuppressWarnings silences under --release, and main code compiles with warnings as errors.
public final class TerminationSignal {
    private final CountDownLatch received = new CountDownLatch(1);

    public static TerminationSignal install() {
        TerminationSignal signal = new TerminationSignal();
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(
                    TerminationSignal.class.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            signal.trigger();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "TerminationSignal.handler";
                        };
                    });
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            for (String name : new String[] {"TERM", "INT", "HUP"}) {
                handle.invoke(null, signalType.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIGTERM, SIGINT and SIGHUP (sun.misc.Signal)", e);
        }
        return signal;
    }

    /** Also called by a component that failed, to end the wait early. */
    public void trigger() {
        received.countDown();
    }

    public void await() throws InterruptedException {
        received.await();
    }

    public boolean await(Duration timeout) throws InterruptedException {
        return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
