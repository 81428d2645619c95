package io.fulcrum.arm.api;

public enum Method {
    GET, HEAD, PUT, PATCH, POST, DELETE;

    public boolean isWrite() {
        return this == PUT || this == PATCH || this == POST || this == DELETE;
    }
}
