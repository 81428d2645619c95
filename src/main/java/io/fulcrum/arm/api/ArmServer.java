package io.fulcrum.arm.api;

import io.fulcrum.arm.auth.Access;
import io.fulcrum.arm.auth.TokenService;
import io.fulcrum.setup.StartupException;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.EndpointNotFound;
import io.javalin.util.JavalinLogger;
import java.net.BindException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS endpoint: Javalin on Jetty with one TLS connector (plain HTTP is not served). Routing is ours, not
 * Javalin's, because ARM paths are case-insensitive and every path shares one pipeline ({@link Dispatcher}).
 */
public final class ArmServer implements AutoCloseable {

    private static final Logger accessLog = LoggerFactory.getLogger("fulcrum.access");

    private final Javalin app;
    private final ServerConnector[] connector = new ServerConnector[1];
    private final Access access;
    private final String host;

    public ArmServer(Router router, Access access, String host, int port, KeyStore keyStore, char[] keyPassword,
                     Clock clock) {
        this.access = access;
        this.host = host;
        Dispatcher dispatcher = new Dispatcher(router, access, clock);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = Dispatcher.MAX_BODY_BYTES + 1L;
            config.http.generateEtags = false;
            config.jetty.addConnector((server, httpConfig) -> {
                server.setErrorHandler(new ProtocolErrors());
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(keyStore);
                ssl.setKeyStorePassword(new String(keyPassword));
                ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                https.setSendServerVersion(false);
                // Clients reach us by IP address, which carries no SNI; Jetty's SNI host check would refuse them.
                https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(https));
                c.setHost(host);
                c.setPort(port);
                connector[0] = c;
                return c;
            });
            config.requestLogger.http((ctx, ms) -> accessLog.info("method={} path={} status={} ms={} requestId={}",
                    ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms), ctx.attribute("requestId")));
            for (HandlerType t : new HandlerType[]{HandlerType.GET, HandlerType.HEAD, HandlerType.PUT,
                    HandlerType.PATCH, HandlerType.POST, HandlerType.DELETE, HandlerType.OPTIONS}) {
                config.routes.addHttpHandler(t, "/", dispatcher::handle);
                config.routes.addHttpHandler(t, "/<path>", dispatcher::handle);
            }
            // Javalin answers any other method (TRACE, PROPFIND, FOO) with its own plain-text 404; the pipeline
            // answers it as ARM does, 405 MethodNotAllowed in ARM's error shape.
            config.routes.exception(EndpointNotFound.class, (e, ctx) -> dispatcher.handle(ctx));
        });
    }

    /** Binds and starts; returns the bound port. A port in use is one clear StartupException. */
    public int start() {
        // Javalin logs "Failed to start Javalin" before it throws, a second stderr line beside the StartupException
        // below; its own logging is therefore off while it starts (its start-up info is not shown anyway).
        boolean javalinLogging = JavalinLogger.enabled;
        JavalinLogger.enabled = false;
        try {
            app.start();
        } catch (RuntimeException e) {
            // Jetty may be half started (threads, a selector); stop it so an in-process caller is not left with it.
            app.stop();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new StartupException("cannot listen on " + host + ":" + connector[0].getPort() + ": "
                            + (t.getMessage() == null ? "address already in use" : t.getMessage().toLowerCase()));
                }
            }
            throw new StartupException("cannot start the HTTPS server: " + e.getMessage(), e);
        } finally {
            JavalinLogger.enabled = javalinLogging;
        }
        int bound = connector[0].getLocalPort();
        access.audiences(audiences(host, bound));
        return bound;
    }

    /** The base URLs a token may name as audience: every name the certificate covers, on the bound port. */
    static Set<String> audiences(String host, int port) {
        Set<String> names = new LinkedHashSet<>(Set.of("127.0.0.1", "localhost", "[::1]"));
        names.add(host.contains(":") ? "[" + host + "]" : host);
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(TokenService.normalizeAudience("https://" + n + ":" + port));
            if (port == 443) {
                out.add(TokenService.normalizeAudience("https://" + n));
            }
        }
        return out;
    }

    @Override
    public void close() {
        app.stop();
    }
}
