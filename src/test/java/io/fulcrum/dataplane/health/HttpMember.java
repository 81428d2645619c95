package io.fulcrum.dataplane.health;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A member running an HTTP(S) server on loopback that answers from a script of status codes (the last one
 * repeats) and keeps what it was asked.
 */
final class HttpMember implements AutoCloseable {

    /** What the member saw of one request. */
    record Request(String target, Headers headers) {
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private HttpMember(HttpServer server) {
        this.server = server;
        script.add(200);
        server.createContext("/", this::answer);
        server.start();
    }

    static HttpMember http(InetAddress address) throws IOException {
        return new HttpMember(HttpServer.create(new InetSocketAddress(address, 0), 0));
    }

    static HttpMember https(InetAddress address, SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new HttpMember(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next requests with these codes in turn, then keeps answering with the last. */
    synchronized void answer(int... statuses) {
        script.clear();
        for (int s : statuses) {
            script.add(s);
        }
    }

    List<Request> requests() {
        return requests;
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(new Request(exchange.getRequestURI().toString(), exchange.getRequestHeaders()));
        int status = nextStatus();
        byte[] body = ("status " + status).getBytes();
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private synchronized int nextStatus() {
        return script.size() > 1 ? script.poll() : script.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
