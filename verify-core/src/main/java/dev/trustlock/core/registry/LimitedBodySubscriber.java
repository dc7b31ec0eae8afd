package dev.trustlock.core.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a body but cancels the stream as soon as it passes the limit, so a huge body costs little. */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the limit; reading stopped there. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBodySubscriber(long limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
            LimitedBodySubscriber s = new LimitedBodySubscriber(limit);
            if (declared > limit) {
                s.result.completeExceptionally(new TooLarge(limit));
            }
            return s;
        };
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
        result.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
