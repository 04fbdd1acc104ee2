package org.bss.platform.ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;

/**
 * The platform as a process: it either runs or ends. A start-up that fails or takes longer than
 * {@code bss.lifecycle.startup-timeout} ends the JVM with status 1 and one line saying why (threads of Kafka
 * clients, Lettuce, the embedded servers would otherwise keep a JVM alive that serves nothing); SIGTERM
 * stops the application gracefully and ends with status 0; a shutdown that takes longer than
 * {@code bss.lifecycle.shutdown-timeout} halts with status 1.
 */
public final class ProcessLifecycle implements SmartApplicationListener {

    private static final Logger log = LoggerFactory.getLogger(ProcessLifecycle.class);

    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile LifecycleProperties properties = defaults();

    private ProcessLifecycle() {
    }

    /** Runs the application; returns only once it is running. */
    public static void run(SpringApplication application, String... args) {
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        application.addListeners(lifecycle);
        try {
            application.run(args);
        } catch (Throwable e) {
            lifecycle.exit(1, "bss-platform did not start: " + reason(e));
        }
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationReadyEvent.class.isAssignableFrom(type) || ContextClosedEvent.class.isAssignableFrom(type);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        switch (event) {
            case ApplicationEnvironmentPreparedEvent prepared -> {
                properties = Binder.get(prepared.getEnvironment())
                        .bindOrCreate("bss.lifecycle", LifecycleProperties.class);
                Thread.ofPlatform().daemon().name("bss-startup-bound").start(this::boundStartup);
            }
            case ApplicationReadyEvent started -> {
                ready.countDown();
                exitZeroOnSigterm();
            }
            case ContextClosedEvent closed -> boundShutdown(properties.shutdownTimeout());
            default -> {
            }
        }
    }

    /** After the embedded servers (started just before), so that their first start is not counted. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 2;
    }

    private void boundStartup() {
        try {
            if (!ready.await(properties.startupTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                exit(1, "bss-platform did not start within bss.lifecycle.startup-timeout ("
                        + properties.startupTimeout().toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The JVM ends a SIGTERM with status 143 after the shutdown hooks; a graceful stop is a success, so the hooks
     * (Spring Boot's: the context closes, then the embedded servers) run through {@code System.exit(0)} instead.
     */
    @SuppressWarnings("restriction")
    private static void exitZeroOnSigterm() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));
        } catch (IllegalArgumentException e) {
            log.debug("SIGTERM cannot be handled here ({}); it ends with the JVM's own status", e.getMessage());
        }
    }

    private void exit(int status, String reason) {
        log.error(reason);
        System.err.println(reason);
        boundShutdown(properties.shutdownTimeout());
        System.exit(status);
    }

    /** A shutdown hook that hangs (a server that does not answer) must not keep the process alive. */
    private static void boundShutdown(Duration bound) {
        Thread.ofPlatform().daemon().name("bss-shutdown-bound").start(() -> {
            try {
                Thread.sleep(bound);
            } catch (InterruptedException e) {
                return;
            }
            String line = "bss-platform did not stop within bss.lifecycle.shutdown-timeout (" + bound.toSeconds()
                    + " s); halting";
            log.error(line);
            System.err.println(line);
            Runtime.getRuntime().halt(1);
        });
    }

    /**
     * The innermost cause and the one around it, on one line: what a user can act on (a refused connection and
     * where to, a bad setting).
     */
    static String reason(Throwable e) {
        Throwable innermost = NestedExceptionUtils.getMostSpecificCause(e);
        Throwable around = e;
        while (around.getCause() != null && around.getCause() != innermost) {
            around = around.getCause();
        }
        String reason = around == innermost || around.getMessage() == null || around.getMessage().contains(String.valueOf(innermost.getMessage()))
                ? describe(innermost) : describe(around) + " (" + describe(innermost) + ")";
        return reason.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static LifecycleProperties defaults() {
        return new Binder().bindOrCreate("bss.lifecycle", LifecycleProperties.class);
    }
}
