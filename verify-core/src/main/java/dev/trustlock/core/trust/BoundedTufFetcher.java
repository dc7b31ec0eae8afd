package dev.trustlock.core.trust;

import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.Fetcher;
import dev.trustlock.core.io.LimitedBodySubscriber;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches TUF metadata and targets with a timeout that bounds the whole request (connect, first
 * byte and body) and one retry. sigstore-java's own fetcher retries with exponential backoff on
 * a 60 s read timeout: against a mirror that accepts connections and never answers,
 * {@code trust-update} sat silent for four minutes. TUF checks what comes back (signatures,
 * hashes, lengths, versions), so the transport only has to be bounded, not trusted.
 */
final class BoundedTufFetcher implements Fetcher {

    private static final int ATTEMPTS = 2;
    private static final Duration BACKOFF = Duration.ofMillis(500);

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    BoundedTufFetcher(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String getSource() {
        return base.toString();
    }

    /** The file's bytes, or null when the mirror has no such file (a 404, as sigstore-java's fetcher: "no newer root"). */
    @Override
    public byte[] fetchResource(String filename, int maxLength) throws IOException, FileExceedsMaxLengthException {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/" + filename);
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return once(uri, maxLength);
            } catch (LimitedBodySubscriber.TooLarge e) {
                throw new FileExceedsMaxLengthException(uri.toString(), maxLength);
            } catch (Refused | LimitedBodySubscriber.UnsupportedEncoding e) {
                throw e; // the same question would get the same answer
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                last = e;
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(BACKOFF.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while fetching " + uri);
                }
            }
        }
        throw last;
    }

    /** A status other than 200, 404 or a 5xx: not worth asking again (a 5xx, a timeout or a reset is). */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private byte[] once(URI uri, int maxLength) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/json").build();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request,
                LimitedBodySubscriber.handler(maxLength, bytes -> { }));
        HttpResponse<byte[]> response;
        try {
            // The request's own timeout ends at the headers; this bounds the body too.
            response = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new HttpTimeoutException("no complete response from " + uri + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + uri);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException t) {
                throw new HttpTimeoutException("no complete response from " + uri + " within " + timeout.toSeconds()
                        + " s (" + t.getMessage() + ")");
            }
            if (cause instanceof java.net.ConnectException) {
                // The JDK's ConnectException has no message; its cause says what went wrong.
                String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
                throw new IOException(cause.getCause() instanceof java.nio.channels.UnresolvedAddressException
                        ? "unknown host " + uri.getHost()
                        : "cannot connect to " + host + " (connection refused or unreachable)", cause);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot fetch " + uri + ": " + cause, cause);
        }
        int status = response.statusCode();
        if (status == 404) {
            return null;
        }
        if (status >= 500) {
            throw new IOException("the mirror answered HTTP " + status + " for " + uri);
        }
        if (status != 200) {
            throw new Refused("the mirror answered HTTP " + status + " for " + uri);
        }
        return response.body();
    }
}
