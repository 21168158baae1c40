package io.devrig.api.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.time.DevRigClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UlidTest {

    @Test
    void knownVectorRoundTrips() {
        // timestamp 1469918176385 with all-zero randomness is 01ARYZ6S41 + 16 zeros
        Ulid id = Ulid.of(1469918176385L, new byte[10]);
        assertThat(id.toString()).isEqualTo("01ARYZ6S410000000000000000");
        assertThat(Ulid.parse("01ARYZ6S410000000000000000")).isEqualTo(id);
        assertThat(id.timestamp()).isEqualTo(1469918176385L);
    }

    @Test
    void maximumValueRoundTrips() {
        Ulid max = Ulid.parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(max.timestamp()).isEqualTo(Ulid.MAX_TIMESTAMP);
        assertThat(max.toString()).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(Ulid.fromBytes(max.toBytes())).isEqualTo(max);
    }

    @Test
    void parseIsCaseInsensitiveAndStrict() {
        Ulid id = Ulid.parse("01arz3ndektsv4rrffq69g5fav");
        assertThat(id.toString()).isEqualTo("01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assertThatThrownBy(() -> Ulid.parse("01ARZ3NDEKTSV4RRFFQ69G5FA")).hasMessageContaining("26 characters");
        assertThatThrownBy(() -> Ulid.parse("01ARZ3NDEKTSV4RRFFQ69G5FAU")).hasMessageContaining("position 25");
        assertThatThrownBy(() -> Ulid.parse("81ARZ3NDEKTSV4RRFFQ69G5FAV")).hasMessageContaining("out of range");
        assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAV")).isTrue();
        assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAÜ")).isFalse();
        assertThat(Ulid.isValid(null)).isFalse();
    }

    @Test
    void textOrderMatchesValueOrder() {
        Random random = new Random(42);
        List<Ulid> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] r = new byte[10];
            random.nextBytes(r);
            ids.add(Ulid.of(random.nextLong() & Ulid.MAX_TIMESTAMP, r));
        }
        List<Ulid> byValue = ids.stream().sorted().toList();
        List<Ulid> byText = ids.stream().sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
        assertThat(byText).isEqualTo(byValue);
        for (Ulid id : ids) {
            assertThat(Ulid.parse(id.toString())).isEqualTo(id);
            assertThat(Ulid.fromBytes(id.toBytes())).isEqualTo(id);
        }
    }

    @Test
    void generatorIsMonotonicWithinAMillisecondAndWhenTheClockStepsBack() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochMilli(1_700_000_000_000L));
        DevRigClock clock = now::get;
        UlidGenerator generator = new UlidGenerator(clock, new Random(1));
        Ulid a = generator.next();
        Ulid b = generator.next();
        now.set(now.get().minusSeconds(5)); // clock steps back
        Ulid c = generator.next();
        now.set(now.get().plusSeconds(60));
        Ulid d = generator.next();
        assertThat(List.of(a, b, c, d)).isSorted().doesNotHaveDuplicates();
        assertThat(b.timestamp()).isEqualTo(a.timestamp());
        assertThat(c.timestamp()).isEqualTo(a.timestamp());
        assertThat(d.timestamp()).isEqualTo(1_700_000_055_000L);
    }

    @Test
    void incrementCarriesAndRefusesOverflow() {
        Ulid id = Ulid.parse("01ARZ3NDEK000000FZZZZZZZZZ");
        assertThat(id.increment().toString()).isEqualTo("01ARZ3NDEK000000G000000000");
        assertThatThrownBy(() -> Ulid.parse("01ARZ3NDEKZZZZZZZZZZZZZZZZ").increment())
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void rejectsBadInputToFactories() {
        assertThatThrownBy(() -> Ulid.of(-1, new byte[10])).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Ulid.of(0, new byte[9])).hasMessageContaining("10 bytes");
        assertThatThrownBy(() -> Ulid.fromBytes(new byte[15])).hasMessageContaining("16 bytes");
    }
}
