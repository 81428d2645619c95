package io.fulcrum.dataplane.health;

import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The outcome of one probe.
 *
 * @param success whether the member answered as a healthy one (TCP: accepted; HTTP(S): status 200)
 * @param cause   for a failure, what went wrong in the few words appended to "Down_Probe_Failure: "; null on success
 */
record ProbeResult(boolean success, String cause) {

    static final ProbeResult SUCCESS = new ProbeResult(true, null);

    static ProbeResult failure(String cause) {
        return new ProbeResult(false, cause);
    }

    static ProbeResult timedOut(Duration timeout) {
        return failure("timed out after " + timeout.toMillis() + " ms");
    }

    static ProbeResult httpStatus(int status) {
        return failure("HTTP " + status);
    }

    /** A failure named the way an operator would search for it, not as the exception class that carried it. */
    static ProbeResult failure(Throwable error) {
        Throwable e = error instanceof DecoderException && error.getCause() != null ? error.getCause() : error;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (e instanceof NoRouteToHostException) {
            return failure("no route to host");
        }
        if (e instanceof ConnectException && lower.contains("refused")) {
            return failure("connection refused");
        }
        if (e instanceof SocketException && lower.contains("reset")) {
            return failure("connection reset");
        }
        if (e instanceof SSLException) {
            return failure("TLS handshake failed: " + message);
        }
        return failure(lower.contains("reset") ? "connection reset" : message);
    }
}
