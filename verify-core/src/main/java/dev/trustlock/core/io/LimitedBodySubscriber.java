package dev.trustlock.core.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.zip.GZIPInputStream;

/**
 * Collects a body but cancels the stream as soon as it passes the limit, so a huge body costs
 * little (registry and TUF answers alike). A gzip body (the registry client asks for it:
 * packuments shrink to a seventh) is inflated on completion under the same limit, so a small
 * compressed body cannot expand into a huge one; an encoding the client did not ask for is
 * refused rather than passed on as if it were JSON.
 */
public final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The body came in an encoding the client did not ask for. */
    public static final class UnsupportedEncoding extends IOException {
        UnsupportedEncoding(String encoding) {
            super("the server answered in content-encoding '" + encoding + "', which was not asked for");
        }
    }

    /** The body passed the limit; reading stopped there. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private final boolean gzip;
    private final java.util.function.LongConsumer wire;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBodySubscriber(long limit, boolean gzip, java.util.function.LongConsumer wire) {
        this.limit = limit;
        this.gzip = gzip;
        this.wire = wire;
    }

    /** @param wire told the size of each piece of body as it arrives (compressed, as sent) */
    public static HttpResponse.BodyHandler<byte[]> handler(long limit, java.util.function.LongConsumer wire) {
        return info -> {
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
            String encoding = info.headers().firstValue("content-encoding").orElse("identity").trim()
                    .toLowerCase(Locale.ROOT);
            LimitedBodySubscriber s = new LimitedBodySubscriber(limit, encoding.equals("gzip") || encoding.equals("x-gzip"), wire);
            if (!s.gzip && !encoding.equals("identity") && !encoding.isEmpty()) {
                s.result.completeExceptionally(new UnsupportedEncoding(encoding));
            } else if (declared > limit) {
                s.result.completeExceptionally(new TooLarge(limit));
            }
            return s;
        };
    }

    /** Inflates {@code compressed}, refusing to produce more than {@code limit} bytes. */
    static byte[] gunzip(byte[] compressed, long limit) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(compressed.length * 4, 1 << 20));
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; ) {
                if ((long) out.size() + n > limit) {
                    throw new TooLarge(limit);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            wire.accept(b.remaining());
            if ((long) buffer.size() + b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (!gzip) {
            result.complete(buffer.toByteArray());
            return;
        }
        try {
            result.complete(gunzip(buffer.toByteArray(), limit));
        } catch (IOException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
