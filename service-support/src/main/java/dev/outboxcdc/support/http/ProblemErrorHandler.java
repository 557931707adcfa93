package dev.outboxcdc.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty rejects some requests before Javalin sees them (an unparseable URI such as
 * {@code /customers/../../etc/passwd}, a NUL in the path). Its default answer is an HTML page;
 * this one answers with problem details like every other error of the api, rendered by the same
 * JSON writer.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final ObjectMapper json;

    ProblemErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDetails.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(status, "The request was rejected: " + reason(status))), callback);
        return true;
    }

    // Deprecated in Jetty 12.1 without a replacement for a request its parser rejects before any handler runs.
    @SuppressWarnings("removal")
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemDetails.CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, "The request was rejected: " + reason(status)));
    }

    private static String reason(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "malformed request" : reason.toLowerCase(Locale.ROOT);
    }

    private byte[] body(int status, String detail) {
        try {
            return json.writeValueAsBytes(
                    new Problem("about:blank", ProblemDetails.title(status), status, detail, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the problem for status " + status, e);
        }
    }
}
