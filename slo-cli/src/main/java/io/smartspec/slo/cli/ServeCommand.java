package io.smartspec.slo.cli;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Windows;
import io.smartspec.slo.cli.internal.Args;
import io.smartspec.slo.incident.api.IncidentApi;
import io.smartspec.slo.incident.store.Escalation;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * {@code slo serve}: the incident API ({@code docs/incident-api.md}) over the embedded store or
 * PostgreSQL, with Alertmanager's webhook intake and, when {@code SLO_ESCALATION_ROUTING_KEY} is set,
 * P0 escalation to PagerDuty. Runs until Ctrl-C or SIGTERM. Several replicas may serve one PostgreSQL
 * database.
 */
final class ServeCommand {

    static final String USAGE = "usage: slo serve [--incidents-db DIR|JDBC-URL] [--port PORT] [--bind ADDRESS]"
            + " [--escalate-after DURATION] [--pagerduty-url URL]";
    /** The PagerDuty routing key P0 incidents are escalated with (a secret, from the environment). */
    static final String ROUTING_KEY_ENV = "SLO_ESCALATION_ROUTING_KEY";
    static final int DEFAULT_PORT = 8086;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final CountDownLatch stop;

    ServeCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, CountDownLatch stop) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.stop = stop;
    }

    int run(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(USAGE);
            out.println("Serves the incident API (/v1/incidents, /v1/alertmanager) on --bind:--port (default");
            out.println("127.0.0.1:" + DEFAULT_PORT + ") over --incidents-db (default " + IncidentsCommand.DEFAULT_DB
                    + "). Writes need");
            out.println("Authorization: Bearer $" + IncidentApi.TOKEN_ENV + "; without it the API is read-only. With $"
                    + ROUTING_KEY_ENV);
            out.println("set, P0 incidents unacknowledged for --escalate-after (default 15m) are paged through PagerDuty.");
            return SloCli.EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("incidents-db", "port", "bind", "escalate-after", "pagerduty-url"),
                Set.of());
        int port;
        try {
            port = Integer.parseInt(args.value("port").orElse(String.valueOf(DEFAULT_PORT)));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--port: '" + args.value("port").orElse("") + "'; expected 0..65535");
        }
        String bind = args.value("bind").orElse("127.0.0.1");
        Escalation escalation = null;
        String key = env.getOrDefault(ROUTING_KEY_ENV, "");
        if (!key.isEmpty()) {
            escalation = Escalation.toPagerDuty(Secret.of(key, "env " + ROUTING_KEY_ENV));
            if (args.has("escalate-after")) {
                try {
                    escalation = escalation.after(Windows.parse(args.value("escalate-after").get()));
                } catch (IllegalArgumentException e) {
                    throw new Args.UsageException("--escalate-after: " + e.getMessage());
                }
            }
            if (args.has("pagerduty-url")) {
                escalation = escalation.endpoint(URI.create(args.value("pagerduty-url").get()));
            }
        } else if (args.has("escalate-after")) {
            throw new Args.UsageException("--escalate-after needs $" + ROUTING_KEY_ENV + " (PagerDuty's routing key)");
        }
        String token = env.getOrDefault(IncidentApi.TOKEN_ENV, "");
        IncidentStore store;
        try {
            store = IncidentsCommand.openStore(args.value("incidents-db"), IncidentsCommand.DEFAULT_DB);
        } catch (IncidentException e) {
            err.println("slo: " + e.getMessage());
            return SloCli.EXIT_USAGE;
        }
        Incidents.Builder builder = Incidents.in(store).clock(clock).closeStoreOnClose();
        if (escalation != null) {
            builder.escalate(escalation);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (Incidents incidents = builder.build()) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(bind, port), 128);
            } catch (IOException e) {
                err.println("slo: cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
                return SloCli.EXIT_USAGE;
            }
            IncidentApi api = IncidentApi.of(incidents);
            server.createContext("/", token.isEmpty() ? api : api.writeToken(Secret.of(token, "env "
                    + IncidentApi.TOKEN_ENV)));
            server.setExecutor(pool);
            server.start();
            err.println("slo: serving the incident API of " + store.describe() + " on http://" + bind + ":"
                    + server.getAddress().getPort() + "/v1/incidents"
                    + (token.isEmpty() ? " (read-only: set " + IncidentApi.TOKEN_ENV + " to allow writes)" : "")
                    + (escalation != null ? "; escalating P0 incidents after " + escalation.after() : ""));
            err.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.stop(1);
            err.println("slo: stopped");
        } finally {
            pool.shutdownNow();
        }
        return SloCli.EXIT_OK;
    }

}
