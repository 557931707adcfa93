package dev.outboxcdc.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.outboxcdc.api.customer.FieldError;
import java.util.List;

/** An RFC 9457 problem details body ({@code application/problem+json}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {}
