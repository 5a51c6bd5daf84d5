package io.smartspec.slo.benchmarks;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.prometheus.PrometheusSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One monitor round of 500 threshold SLOs against a local Prometheus (127.0.0.1, self-scraping every
 * second): {@link SloMonitor#runOnce()} over {@link PrometheusSource} with the monitor's default query
 * concurrency (8), next to the same 500 PromQL queries sent by a bare JDK {@link HttpClient} on a
 * fixed pool of 8 threads. Both ask for the same instant. Needs Debian's {@code prometheus} on the PATH.
 *
 * <pre>
 * ./mvnw -q -o -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -cp ... io.smartspec.slo.benchmarks.PrometheusBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PrometheusBenchmark {

    static final int SLOS = 500;
    /** SloMonitor's default query concurrency. */
    static final int CONCURRENCY = 8;

    private Path dir;
    private Process prometheus;
    private String url;
    private PrometheusSource source;
    private HttpClient bare;
    private ExecutorService pool;
    private SloMonitor monitor;
    private final java.util.concurrent.atomic.AtomicLong bareRetries = new java.util.concurrent.atomic.AtomicLong();
    private List<Slo> slos;
    private List<String> queries;
    private Instant at;
    private final SloEvaluator evaluator = SloEvaluator.withDefaults();

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("prometheus-benchmark");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: self
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(port));
        String binary = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(p -> Path.of(p, "prometheus")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("prometheus not found on PATH; install Debian's "
                        + "package with: apt-get install -y prometheus")).toString();
        prometheus = new ProcessBuilder(binary, "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        // JMH skips the trial's tear-down when a benchmark throws: never leave the server behind
        Process started = prometheus;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));

        bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        pool = Executors.newFixedThreadPool(CONCURRENCY);
        source = PrometheusSource.at(url).build();
        slos = new ArrayList<>();
        queries = new ArrayList<>();
        for (int i = 0; i < SLOS; i++) {
            String q = "sum(rate(prometheus_http_requests_total[1m])) * 0 + " + i;
            queries.add(q);
            slos.add(Slo.named("slo-" + i).metric("m" + i, q).below(Quantity.number(SLOS * 100)).build());
        }
        // wait until the self-scrape has data for the queries
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            at = Instant.now();
            SloResult r = evaluator.evaluate("bench", slos.get(1), source, at);
            if (r.status() == Status.MET) {
                break;
            }
            if (System.nanoTime() > deadline || !prometheus.isAlive()) {
                throw new IllegalStateException("prometheus has no data after 60s: " + r);
            }
            Thread.sleep(500);
        }
        monitor = SloMonitor.builder()
                .slos(SloSet.of("bench", slos), source)
                .queryConcurrency(CONCURRENCY)
                .clock(Clock.fixed(at, ZoneOffset.UTC))
                .build();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (bareRetries.get() > 0) {
            System.out.println("bare HttpClient: " + bareRetries.get() + " queries retried after a closed connection");
        }
        pool.shutdownNow();
        monitor.close();
        source.close();
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
            prometheus.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The library: one {@link SloMonitor} round of the 500 SLOs over PrometheusSource, 8 queries at a time. */
    @Benchmark
    public int libraryRound() {
        EvaluationRound round = monitor.runOnce();
        long met = round.results().stream().filter(r -> r.status() == Status.MET).count();
        if (met != SLOS) {
            throw new IllegalStateException("only " + met + " of " + SLOS + " SLOs met: "
                    + round.results().stream().filter(r -> r.status() != Status.MET).findFirst().orElseThrow());
        }
        return (int) met;
    }

    /**
     * The baseline: the same 500 queries sent with a bare JDK HttpClient, 8 at a time, each retried once
     * on an I/O error (a closed keep-alive connection).
     */
    @Benchmark
    public int bareHttpClientRound() throws Exception {
        String time = String.format("%d.%03d", at.getEpochSecond(), at.toEpochMilli() % 1000);
        URI endpoint = URI.create(url + "/api/v1/query");
        List<Future<Integer>> futures = new ArrayList<>(SLOS);
        for (String q : queries) {
            futures.add(pool.submit(() -> {
                HttpRequest request = HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                                + "&time=" + time))
                        .build();
                HttpResponse<String> r;
                try {
                    r = bare.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    // a keep-alive connection the server closed under the client ("header parser received
                    // no bytes"): any real client retries this idempotent query once, as the library does
                    bareRetries.incrementAndGet();
                    r = bare.send(request, HttpResponse.BodyHandlers.ofString());
                }
                return r.statusCode() == 200 && r.body().contains("\"success\"") ? 1 : 0;
            }));
        }
        int ok = 0;
        for (Future<Integer> f : futures) {
            ok += f.get();
        }
        if (ok != SLOS) {
            throw new IllegalStateException("only " + ok + " of " + SLOS + " queries succeeded");
        }
        return ok;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(PrometheusBenchmark.class.getName()).build()).run();
    }

}
