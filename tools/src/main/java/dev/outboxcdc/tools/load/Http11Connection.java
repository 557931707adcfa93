package dev.outboxcdc.tools.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection that sends JSON and reads the status and {@code Location}.
 * Deliberately minimal: on this project's 2-core machine the load generator shares the CPU with
 * everything it measures, and java.net.http spent more CPU per request than the api itself. Not
 * thread-safe: one per sender.
 */
final class Http11Connection implements AutoCloseable {
    /** The status of an answer, and its {@code Location} header (null when it had none). */
    record Response(int status, @Nullable String location) {}

    private final URI base;
    private final String hostHeader;
    private @Nullable Socket socket;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;

    Http11Connection(URI base) {
        this.base = base;
        this.hostHeader =
                "\r\nHost: " + base.getHost() + ":" + port() + "\r\nContent-Type: application/json\r\nContent-Length: ";
    }

    /** Sends {@code method path} with a JSON body; reconnects first if the last request broke the connection. */
    Response send(String method, String path, byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            OutputStream out = connected(this.out);
            out.write((method + " " + path + " HTTP/1.1" + hostHeader + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private static <T> T connected(@Nullable T stream) throws IOException {
        if (stream == null) {
            throw new IOException("not connected");
        }
        return stream;
    }

    private int port() {
        return base.getPort() < 0 ? 80 : base.getPort();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(base.getHost(), port()), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String location = null;
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            String header = line.toLowerCase(Locale.ROOT);
            if (header.startsWith("content-length:")) {
                contentLength = Long.parseLong(header.substring(15).trim());
            } else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
                chunked = true;
            } else if (header.startsWith("connection:") && header.contains("close")) {
                close = true;
            } else if (header.startsWith("location:")) {
                location = line.substring(9).trim();
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().trim(), 16);
                    size > 0;
                    size = Long.parseLong(readLine().trim(), 16)) {
                skip(size);
                readLine();
            }
            readLine();
        } else if (contentLength > 0) {
            skip(contentLength);
        }
        if (close) {
            close();
        }
        return new Response(status, location);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        InputStream in = connected(this.in);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void skip(long bytes) throws IOException {
        InputStream in = connected(this.in);
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection: nothing more to release
            }
        }
        socket = null;
    }
}
