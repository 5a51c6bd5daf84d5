package io.smartspec.slo.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Not a test: measures, in a fresh JVM, how long the starter's beans take to create while the example starts
 * (Spring's {@link BufferingApplicationStartup}; nested beans counted once). Run by {@code startup-time.sh}.
 */
public class StarterCost {
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(CheckoutApplication.class);
        BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
        app.setApplicationStartup(startup);
        long t0 = System.nanoTime();
        ConfigurableApplicationContext ctx = app.run("--server.port=0", "--server.address=127.0.0.1",
                "--smartspec.slo.incidents.outbox-dir=target/startup-outbox");
        long total = System.nanoTime() - t0;
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> parents = new HashMap<>();
        Set<Long> ours = new HashSet<>();
        long oursNanos = 0;
        StringBuilder detail = new StringBuilder();
        java.util.List<StartupTimeline.TimelineEvent> events = startup.getBufferedTimeline().getEvents();
        for (StartupTimeline.TimelineEvent e : events) {
            StartupStep s = e.getStartupStep();
            for (StartupStep.Tag t : s.getTags()) {
                if (t.getKey().equals("beanName") && s.getName().equals("spring.beans.instantiate")) {
                    parents.put(s.getId(), s.getParentId());
                    String b = t.getValue();
                    if (b.toLowerCase().contains("slo") || b.startsWith("io.smartspec")) {
                        ours.add(s.getId());
                    }
                }
            }
        }
        for (StartupTimeline.TimelineEvent e : events) {
            StartupStep s = e.getStartupStep();
            String bean = null;
            for (StartupStep.Tag t : s.getTags()) {
                if (t.getKey().equals("beanName")) {
                    bean = t.getValue();
                }
            }
            if (!s.getName().equals("spring.beans.instantiate") || bean == null) {
                continue;
            }
            names.put(s.getId(), bean);
            if (ours.contains(s.getId())) {
                Long p = s.getParentId();
                boolean nested = false;
                while (p != null) {
                    if (ours.contains(p)) { nested = true; break; }
                    p = parents.get(p);
                }
                long n = e.getDuration().toNanos();
                detail.append(String.format("  %-60s %6.1f ms%s%n", bean, n / 1e6, nested ? " (nested)" : ""));
                if (!nested) {
                    oursNanos += n;
                }
            }
        }
        System.out.printf("RESULT total-run=%.0f ms starter-beans=%.1f ms%n%s", total / 1e6, oursNanos / 1e6, detail);
        ctx.close();
    }
}
