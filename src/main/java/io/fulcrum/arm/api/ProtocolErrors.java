package io.fulcrum.arm.api;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.arm.error.ErrorBodies;
import io.fulcrum.arm.error.ErrorCode;
import io.fulcrum.arm.json.Json;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches the pipeline: a URI it cannot decode, headers over its limit, a
 * malformed request line. Jetty would answer them with an HTML page; ARM clients parse {@code {"error":...}}, so
 * they get ARM's shape and a request id like every other answer.
 */
final class ProtocolErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        ErrorCode code = switch (status) {
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.REQUEST_HEADERS_TOO_LARGE;
            default -> ErrorCode.BAD_REQUEST;
        };
        // Jetty's message is the status phrase; the cause, when there is one, says what was wrong (e.g. "Bad URI").
        String why = cause != null && cause.getMessage() != null ? cause.getMessage() : message;
        String detail = why == null || why.isBlank() ? "" : ": " + why;
        ArmException error = new ArmException(code, "The request could not be read" + detail + ".");
        byte[] body = Json.bytes(Json.object().set("error", ErrorBodies.of(error)));
        String requestId = UUID.randomUUID().toString();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put("x-ms-request-id", requestId);
        response.getHeaders().put("x-ms-correlation-request-id", requestId);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
