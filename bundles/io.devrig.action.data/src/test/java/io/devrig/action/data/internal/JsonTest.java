package io.devrig.action.data.internal;

import static io.devrig.action.data.internal.TestSupport.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void outputNumbersAreIntegersWhenExact() {
        assertThat(Json.output(new BigDecimal("1E+3"))).isEqualTo(1000L);
        assertThat(Json.output(new BigDecimal("-0.000"))).isEqualTo(0L);
        assertThat(Json.output(new BigDecimal("2.50"))).isEqualTo(new BigDecimal("2.5"));
        assertThat(Json.output(new BigDecimal("9223372036854775808"))).isEqualTo(new BigInteger("9223372036854775808"));
        // a huge exponent is not expanded into a huge integer
        assertThat(Json.output(new BigDecimal("1E+999999"))).isInstanceOf(BigDecimal.class);
    }

    @Test
    void decimalsFromDoublesUseTheirShortestText() {
        assertThat(Json.decimal(0.1)).isEqualTo(new BigDecimal("0.1"));
        assertThat(Json.decimal(0.1f)).isEqualTo(new BigDecimal("0.1"));
        assertThat(Json.decimal(7L)).isEqualTo(new BigDecimal("7"));
    }

    @Test
    void pathsQuoteKeysThatAreNotNames() {
        assertThat(Json.child("$", "name")).isEqualTo("$.name");
        assertThat(Json.child("$", "a.b")).isEqualTo("$['a.b']");
        assertThat(Json.child("$", "it's")).isEqualTo("$['it\\'s']");
        assertThat(Json.child("$", "k".repeat(100))).isEqualTo("$." + "k".repeat(64) + "…");
    }

    @Test
    void treesKeepExactNumbers() {
        assertThat(Json.tree(Map.of("d", new BigDecimal("1.10"), "l", Long.MAX_VALUE, "f", 1.5f), "$").toString())
                .contains("\"d\":1.10").contains("\"l\":9223372036854775807").contains("\"f\":1.5");
    }

    @Test
    void onlyStandardNumberTypesAreJson() {
        assertThat(devrigError(() -> Json.check(List.of(new java.util.concurrent.atomic.AtomicInteger(1)), "$.x"))
                .error().message()).isEqualTo("$.x[0]: not a JSON value (Java AtomicInteger)");
    }

    @Test
    void sizeIsMeasuredWithoutWritingEverything() {
        assertThat(Json.largerThan(List.of("abc"), 7)).isFalse();   // ["abc"] is 7 bytes
        assertThat(Json.largerThan(List.of("abcd"), 7)).isTrue();
        // {"é":1} is 7 characters but 8 bytes of UTF-8
        assertThat(Json.largerThan(Map.of("é", 1), 7)).isTrue();
        assertThat(Json.largerThan(Map.of("é", 1), 8)).isFalse();
    }
}
