package io.smartspec.slo.incident.store;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's {@code postgresql} package) in a temporary directory on a free
 * 127.0.0.1 port, for the tests: {@code initdb} then {@code postgres}, always stopped. initdb and
 * postgres refuse to run as root, so as root they run as the {@code postgres} user the package
 * creates (through {@code runuser}). Fails with an install hint on CI, else skips.
 */
public final class PostgresServer implements AutoCloseable {

    static final String INSTALL_HINT = "install Debian's package with: apt-get install -y postgresql "
            + "(gives /usr/lib/postgresql/<version>/bin/initdb and postgres); ./scripts/test.sh does";

    private final Path dir;
    private final int port;
    private final Process process;
    private final List<String> asUser;

    private PostgresServer(Path dir, int port, Process process, List<String> asUser) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.asUser = asUser;
    }

    /** Starts a server with a database {@code slo} (user {@code slo}, trust auth on 127.0.0.1). */
    public static PostgresServer start() throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("slo-pg");
        List<String> asUser = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            asUser.addAll(List.of("runuser", "-u", "postgres", "--"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            new ProcessBuilder("chown", "postgres", dir.toString()).start().waitFor();
        }
        Path data = dir.resolve("data");
        List<String> initdb = new ArrayList<>(asUser);
        initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "slo", "--auth=trust",
                "-E", "UTF8", "--no-sync", "--no-instructions"));
        Process init = new ProcessBuilder(initdb).redirectErrorStream(true)
                .redirectOutput(dir.resolve("initdb.log").toFile()).start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new IllegalStateException("initdb failed: " + Files.readString(dir.resolve("initdb.log")));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> postgres = new ArrayList<>(asUser);
        postgres.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port),
                "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"));
        Process p = new ProcessBuilder(postgres).redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres.log").toFile()).start();
        PostgresServer server = new PostgresServer(dir, port, p, asUser);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=slo");
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE slo");
                return server;
            } catch (java.sql.SQLException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage() + "\n"
                            + Files.readString(dir.resolve("postgres.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/slo?user=slo}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/slo?user=slo";
    }

    /** A fresh, empty database on this server, for one test. */
    public String newDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=slo";
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres"))
                        && Files.isExecutable(b.resolve("initdb"))).max(Comparator.comparing(Path::toString));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException ignored) {
                // not found
            }
        }
        String message = "PostgreSQL's initdb and postgres not found under /usr/lib/postgresql/*/bin; " + INSTALL_HINT;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        throw new IllegalStateException(message);
    }

    private synchronized void stop() {
        Path pid = dir.resolve("data/postmaster.pid");
        try {
            if (Files.exists(pid)) {
                // SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for clients to leave)
                String first = Files.readAllLines(pid).get(0).trim();
                new ProcessBuilder("kill", "-INT", first).start().waitFor(5, TimeUnit.SECONDS);
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                if (Files.exists(pid)) {
                    new ProcessBuilder("kill", "-9", Files.readAllLines(pid).get(0).trim()).start()
                            .waitFor(5, TimeUnit.SECONDS);
                }
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir
        }
    }

    @Override
    public void close() {
        stop();
    }
}
