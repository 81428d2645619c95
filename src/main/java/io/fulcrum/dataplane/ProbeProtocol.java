package io.fulcrum.dataplane;

/** A probe's protocol: TCP is healthy when the connection is accepted; HTTP(S) only on status 200. */
public enum ProbeProtocol {
    TCP, HTTP, HTTPS
}
