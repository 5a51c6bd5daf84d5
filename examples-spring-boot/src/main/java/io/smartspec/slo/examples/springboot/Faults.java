package io.smartspec.slo.examples.springboot;

import org.springframework.stereotype.Component;

import java.time.Duration;

/** Faults to inject into the checkout: extra latency on every request, and a share of requests that fail. */
@Component
public class Faults {

    private volatile Duration slowdown = Duration.ZERO;
    private volatile double errorRate;

    public Duration slowdown() {
        return slowdown;
    }

    public double errorRate() {
        return errorRate;
    }

    /** Adds {@code extra} to every request and fails {@code errorShare} (0..1) of them. */
    public void inject(Duration extra, double errorShare) {
        this.slowdown = extra;
        this.errorRate = errorShare;
    }

    public void clear() {
        inject(Duration.ZERO, 0);
    }
}
