package dev.trustlock.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The body limit holds to the byte, on the wire and after inflating, and a refused body is hung up on. */
class LimitedBodySubscriberTest {

    /** Records what the subscriber asks of the stream. */
    private static final class Stream implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static HttpResponse.ResponseInfo info(Map<String, List<String>> headers) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (a, b) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    private static byte[] gzip(byte[] plain) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    private static Throwable failure(HttpResponse.BodySubscriber<byte[]> s) {
        return assertThrows(CompletionException.class, () -> s.getBody().toCompletableFuture().join()).getCause();
    }

    @Test
    void aBodyOfExactlyTheLimitPassesAndOneByteMoreIsCutOff() {
        AtomicLong wire = new AtomicLong();
        LimitedBodySubscriber exact = new LimitedBodySubscriber(10, false, wire::addAndGet);
        Stream stream = new Stream();
        exact.onSubscribe(stream);
        assertEquals(Long.MAX_VALUE, stream.requested);
        exact.onNext(List.of(ByteBuffer.wrap(new byte[6]), ByteBuffer.wrap(new byte[4])));
        exact.onComplete();
        assertEquals(10, exact.getBody().toCompletableFuture().join().length);
        assertEquals(10, wire.get(), "every byte on the wire is counted");

        LimitedBodySubscriber over = new LimitedBodySubscriber(10, false, n -> { });
        Stream hungUp = new Stream();
        over.onSubscribe(hungUp);
        over.onNext(List.of(ByteBuffer.wrap(new byte[6]), ByteBuffer.wrap(new byte[5])));
        assertTrue(hungUp.cancelled, "the rest of the body is not read");
        assertInstanceOf(LimitedBodySubscriber.TooLarge.class, failure(over));
        over.onNext(List.of(ByteBuffer.wrap(new byte[1])));
        over.onComplete();
        assertInstanceOf(LimitedBodySubscriber.TooLarge.class, failure(over), "later pieces change nothing");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        HttpResponse.BodySubscriber<byte[]> declaredOver = LimitedBodySubscriber.handler(10, n -> { })
                .apply(info(Map.of("content-length", List.of("11"))));
        Stream stream = new Stream();
        declaredOver.onSubscribe(stream);
        assertTrue(stream.cancelled);
        assertEquals(0, stream.requested);
        assertInstanceOf(LimitedBodySubscriber.TooLarge.class, failure(declaredOver));

        HttpResponse.BodySubscriber<byte[]> declaredExact = LimitedBodySubscriber.handler(10, n -> { })
                .apply(info(Map.of("content-length", List.of("10"))));
        Stream fine = new Stream();
        declaredExact.onSubscribe(fine);
        assertFalse(fine.cancelled);
        declaredExact.onNext(List.of(ByteBuffer.wrap(new byte[10])));
        declaredExact.onComplete();
        assertEquals(10, declaredExact.getBody().toCompletableFuture().join().length);
    }

    @Test
    void anEncodingNotAskedForIsRefused() {
        HttpResponse.BodySubscriber<byte[]> br = LimitedBodySubscriber.handler(10, n -> { })
                .apply(info(Map.of("content-encoding", List.of("br"))));
        assertInstanceOf(LimitedBodySubscriber.UnsupportedEncoding.class, failure(br));
    }

    @Test
    void gzipInflatesUnderTheSameLimitToTheByte() throws Exception {
        byte[] plain = new byte[20_000];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i % 251);
        }
        byte[] z = gzip(plain);
        assertArrayEquals(plain, LimitedBodySubscriber.gunzip(z, plain.length));
        assertInstanceOf(LimitedBodySubscriber.TooLarge.class,
                assertThrows(java.io.IOException.class, () -> LimitedBodySubscriber.gunzip(z, plain.length - 1)));

        HttpResponse.BodySubscriber<byte[]> s = LimitedBodySubscriber.handler(plain.length - 1, n -> { })
                .apply(info(Map.of("content-encoding", List.of("gzip"))));
        s.onSubscribe(new Stream());
        s.onNext(List.of(ByteBuffer.wrap(z)));
        s.onComplete();
        assertInstanceOf(LimitedBodySubscriber.TooLarge.class, failure(s), "a small body may not inflate past the limit");
    }
}
