package dev.outboxcdc.contract.events;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The CloudEvents 1.0 attributes of an event message, as the CloudEvents AMQP protocol binding
 * (binary content mode) names them: application properties prefixed {@value #PREFIX}; the data is
 * the message body and {@code datacontenttype} the AMQP {@code content_type}. In AMQP 0-9-1 the
 * application properties are the message headers. One definition for the relay that writes them,
 * the worker that reads them, outboxctl and the tests.
 *
 * <p>{@code time} travels as its RFC 3339 string (the CloudEvents string encoding of a timestamp):
 * an AMQP 0-9-1 header timestamp holds whole seconds only, and the outbox row's time has
 * microseconds.
 */
public final class CloudEventAttributes {
    public static final String PREFIX = "cloudEvents:";
    public static final String SPEC_VERSION = PREFIX + "specversion";
    public static final String ID = PREFIX + "id";
    public static final String SOURCE = PREFIX + "source";
    public static final String TYPE = PREFIX + "type";
    public static final String SUBJECT = PREFIX + "subject";
    public static final String TIME = PREFIX + "time";
    public static final String DATA_SCHEMA = PREFIX + "dataschema";
    /** The {@code source} of events when {@code EVENT_SOURCE} is not set: names the service whose outbox they come from. */
    public static final String DEFAULT_SOURCE = "urn:outbox-cdc:api";
    /** The only {@code specversion} written and read. */
    public static final String SPEC_VERSION_1_0 = "1.0";

    private CloudEventAttributes() {}

    /**
     * The attributes of one event as AMQP headers; {@code dataSchema} null when the event's type has
     * no schema. {@code datacontenttype} is not among them: it is the AMQP {@code content_type}.
     */
    public static Map<String, Object> headers(
            String id, String source, String type, String subject, Instant time, @Nullable String dataSchema) {
        Map<String, Object> headers = new LinkedHashMap<>(16);
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, id);
        headers.put(SOURCE, source);
        headers.put(TYPE, type);
        headers.put(SUBJECT, subject);
        headers.put(TIME, time(time));
        if (dataSchema != null) {
            headers.put(DATA_SCHEMA, dataSchema);
        }
        return headers;
    }

    /** RFC 3339 in UTC, with as many fraction digits as the instant has (microseconds from the outbox). */
    public static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** The attribute's text in these headers (null allowed), if it is there and not blank. */
    public static Optional<String> text(Map<String, Object> headers, String attribute) {
        if (headers == null || headers.get(attribute) == null) {
            return Optional.empty();
        }
        // The RabbitMQ client reads header strings as LongString: its toString() is the text.
        String value = headers.get(attribute).toString();
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The {@link #TIME} of these headers, if it is there and an RFC 3339 timestamp. */
    public static Optional<Instant> time(Map<String, Object> headers) {
        try {
            return text(headers, TIME).map(text -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
