package io.devrig.camel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointUrisTest {

    @Test
    void masksCredentialParameters() {
        assertThat(EndpointUris.mask("http://h/x?password=p1&token=t1&secret=s1&apiKey=k1&other=o"))
                .isEqualTo("http://h/x?password=xxxxxx&token=xxxxxx&secret=xxxxxx&apiKey=xxxxxx&other=o");
    }

    @Test
    void namesContainingACredentialWordAndAnyCaseAreMasked() {
        assertThat(EndpointUris.mask("mail:imap://h?accessToken=a&clientSecret=b&PASSWORD=c&x-api-key=d&api_key=e&passphrase=f"))
                .isEqualTo("mail:imap://h?accessToken=xxxxxx&clientSecret=xxxxxx&PASSWORD=xxxxxx&x-api-key=xxxxxx"
                        + "&api_key=xxxxxx&passphrase=xxxxxx");
    }

    @Test
    void rawValuesAreMaskedWholeEvenWithAmpersands() {
        assertThat(EndpointUris.mask("ftp://h?password=RAW(a&b=c)&delay=5"))
                .isEqualTo("ftp://h?password=xxxxxx&delay=5");
        assertThat(EndpointUris.mask("ftp://h?password=RAW{a)&b}&delay=5"))
                .isEqualTo("ftp://h?password=xxxxxx&delay=5");
        assertThat(EndpointUris.mask("ftp://h?delay=5&token=RAW(unterminated&x=1"))
                .isEqualTo("ftp://h?delay=5&token=xxxxxx");
    }

    @Test
    void userInfoPasswordIsMasked() {
        assertThat(EndpointUris.mask("ftp://bob:hunter2@files.example/in?delay=5"))
                .isEqualTo("ftp://bob:xxxxxx@files.example/in?delay=5");
        assertThat(EndpointUris.mask("ftp://bob@files.example/in")).isEqualTo("ftp://bob@files.example/in");
        assertThat(EndpointUris.mask("ftp://files.example:21/a@b")).isEqualTo("ftp://files.example:21/a@b");
    }

    @Test
    void harmlessUrisAreUnchanged() {
        for (String uri : new String[] {"timer://tick?period=1000", "file:/tmp/in?noop=true&delay=500",
                "direct:start", "quartz://g/t?cron=0+0/5+*+*+*+?", "x:y?", "x:y?flag&other", "x:y?a=1&", "x:y?=v"}) {
            assertThat(EndpointUris.mask(uri)).isEqualTo(uri);
        }
        assertThat(EndpointUris.mask(null)).isEmpty();
    }

    @Test
    void sensitiveNamesCoverDevRigsWordsAndCamelsList() {
        assertThat(EndpointUris.isSensitive("Password")).isTrue();
        assertThat(EndpointUris.isSensitive("authorizationToken")).isTrue();
        assertThat(EndpointUris.isSensitive("secretKey")).isTrue();
        assertThat(EndpointUris.isSensitive("period")).isFalse();
        assertThat(EndpointUris.isSensitive("fileName")).isFalse();
    }
}
