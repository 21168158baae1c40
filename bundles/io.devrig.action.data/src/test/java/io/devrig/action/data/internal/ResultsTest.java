package io.devrig.action.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTest {

    @Test
    void outputNumbersAreIntegersWhenExact() {
        assertThat(Results.number(new BigDecimal("1E+3"))).isEqualTo(1000L);
        assertThat(Results.number(new BigDecimal("-0.000"))).isEqualTo(0L);
        assertThat(Results.number(new BigDecimal("2.50"))).isEqualTo(new BigDecimal("2.5"));
        assertThat(Results.number(new BigDecimal("9223372036854775808"))).isEqualTo(new BigInteger("9223372036854775808"));
        // a huge exponent is not expanded into a huge integer
        assertThat(Results.number(new BigDecimal("1E+999999"))).isInstanceOf(BigDecimal.class);
    }

    @Test
    void sizeIsMeasuredWithoutWritingEverything() {
        assertThat(Results.largerThan(List.of("abc"), 7)).isFalse();   // ["abc"] is 7 bytes
        assertThat(Results.largerThan(List.of("abcd"), 7)).isTrue();
        // {"é":1} is 7 characters but 8 bytes of UTF-8
        assertThat(Results.largerThan(Map.of("é", 1), 7)).isTrue();
        assertThat(Results.largerThan(Map.of("é", 1), 8)).isFalse();
    }
}
