package dev.outboxcdc.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NewCustomerTest {
    private final ObjectMapper json = new ObjectMapper();

    private NewCustomer.Result parse(String body) throws Exception {
        return NewCustomer.from(json.readTree(body));
    }

    @Test
    void validRequestIsTrimmed() throws Exception {
        NewCustomer.Result result = parse("{\"email\":\" test@example.com \",\"name\":\" TESTTTTTT \"}");

        assertThat(result.isValid()).isTrue();
        assertThat(result.customer()).isEqualTo(new NewCustomer("test@example.com", "TESTTTTTT"));
    }

    @Test
    void everyInvalidFieldIsNamed() throws Exception {
        NewCustomer.Result result = parse("{\"email\":\"nope\",\"name\":42}");

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("email", "name");
    }

    @Test
    void lengthsCountCharactersNotBytes() throws Exception {
        String name = "é".repeat(NewCustomer.MAX_NAME_LENGTH);

        assertThat(parse("{\"email\":\"a@example.com\",\"name\":\"" + name + "\"}")
                        .isValid())
                .isTrue();
        assertThat(parse("{\"email\":\"a@example.com\",\"name\":\"" + name + "é\"}")
                        .isValid())
                .isFalse();
    }
}
