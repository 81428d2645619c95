package io.fulcrum.arm.api;

@FunctionalInterface
public interface Handler {
    Response handle(Request request);
}
