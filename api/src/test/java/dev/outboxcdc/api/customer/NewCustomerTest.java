package dev.outboxcdc.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
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
        assertThat(result.customer()).isEqualTo(new NewCustomer("test@example.com", "TESTTTTTT", Optional.empty()));
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

    @Test
    void aLocaleIsOptionalAndKeptInItsCanonicalCase() throws Exception {
        assertThat(parse("{\"email\":\"a@example.com\",\"name\":\"A\",\"locale\":\"pt-br\"}")
                        .customer()
                        .locale())
                .contains("pt-BR");
        assertThat(parse("{\"email\":\"a@example.com\",\"name\":\"A\"}")
                        .customer()
                        .locale())
                .isEmpty();
    }

    @Test
    void aLocaleThatIsNoLanguageTagIsRefusedByName() throws Exception {
        for (String locale : new String[] {"\"english\"", "\"en_GB\"", "42", "\"\"", "\"e\""}) {
            NewCustomer.Result result = parse("{\"email\":\"a@example.com\",\"name\":\"A\",\"locale\":" + locale + "}");

            assertThat(result.errors()).as(locale).extracting(FieldError::field).containsExactly("locale");
        }
    }
}
