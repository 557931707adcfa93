package dev.outboxcdc.support.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param errors what was wrong with which part of the request (e.g. the api's invalid fields); empty for most
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @Nullable String instance,
        @Nullable List<?> errors) {}
