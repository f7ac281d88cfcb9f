package io.medsieve.launcher;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A tiny OTLP/HTTP trace receiver (what a collector does on {@code POST /v1/traces}), so a test can point every
 * service's exporter at it and see exactly what a tracing backend would get. It decodes the few fields of
 * {@code ExportTraceServiceRequest} the trace checks need straight from the protobuf wire format (field numbers
 * from opentelemetry-proto's trace.proto, common.proto and resource.proto), rather than pulling in protobuf.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    /** One received span: ids in lowercase hex, as W3C traceparent writes them; kind as in trace.proto. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
                        Map<String, String> attributes) {

        static final int SERVER = 2;
        static final int PRODUCER = 4;
        static final int CONSUMER = 5;
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpTraceReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpTraceReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpTraceReceiver receiver = new OtlpTraceReceiver(server);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
                }
                receiver.exportRequest(ByteBuffer.wrap(bytes));
                // An empty ExportTraceServiceResponse: full success.
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return receiver;
    }

    /** The base endpoint for {@code quarkus.otel.exporter.otlp.traces.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    private void exportRequest(ByteBuffer in) {
        forEachField(in, (field, value) -> {
            if (field == 1) {
                resourceSpans(value);
            }
        });
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    private void resourceSpans(ByteBuffer in) {
        Map<String, String> resource = new HashMap<>();
        List<ByteBuffer> scopes = new CopyOnWriteArrayList<>();
        forEachField(in, (field, value) -> {
            if (field == 1) {
                // Resource { repeated KeyValue attributes = 1; }
                forEachField(value, (f, kv) -> {
                    if (f == 1) {
                        keyValue(kv, resource);
                    }
                });
            } else if (field == 2) {
                scopes.add(value);
            }
        });
        String service = resource.getOrDefault("service.name", "?");
        // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
        for (ByteBuffer scope : scopes) {
            forEachField(scope, (field, value) -> {
                if (field == 2) {
                    spans.add(span(service, value));
                }
            });
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        repeated KeyValue attributes = 9; }
    private static ReceivedSpan span(String service, ByteBuffer in) {
        String[] ids = {"", "", ""};
        String[] name = {""};
        int[] kind = {0};
        Map<String, String> attributes = new HashMap<>();
        forEachField(in, (field, value) -> {
            switch (field) {
                case 1 -> ids[0] = hex(value);
                case 2 -> ids[1] = hex(value);
                case 4 -> ids[2] = hex(value);
                case 5 -> name[0] = text(value);
                case 6 -> kind[0] = value.getInt(0);
                case 9 -> keyValue(value, attributes);
                default -> { }
            }
        });
        return new ReceivedSpan(service, ids[0], ids[1], ids[2], name[0], kind[0], Map.copyOf(attributes));
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; ... int_value = 3 }
    private static void keyValue(ByteBuffer in, Map<String, String> into) {
        String[] key = {null};
        String[] text = {""};
        forEachField(in, (field, value) -> {
            if (field == 1) {
                key[0] = text(value);
            } else if (field == 2) {
                forEachField(value, (f, any) -> text[0] = f == 1 ? text(any) : String.valueOf(any.getInt(0)));
            }
        });
        if (key[0] != null) {
            into.put(key[0], text[0]);
        }
    }

    @FunctionalInterface
    private interface FieldVisitor {
        /** Length-delimited fields get their bytes; varints a 4-byte buffer with the (truncated) value. */
        void visit(int field, ByteBuffer value);
    }

    /** Walks one message's fields in wire format: varint (0), 64-bit (1), length-delimited (2), 32-bit (5). */
    private static void forEachField(ByteBuffer in, FieldVisitor visitor) {
        ByteBuffer message = in.slice();
        while (message.hasRemaining()) {
            long tag = varint(message);
            int field = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> visitor.visit(field, ByteBuffer.allocate(4).putInt(0, (int) varint(message)));
                case 1 -> message.position(message.position() + 8);
                case 2 -> {
                    int length = (int) varint(message);
                    ByteBuffer value = message.slice(message.position(), length);
                    message.position(message.position() + length);
                    visitor.visit(field, value);
                }
                case 5 -> message.position(message.position() + 4);
                default -> throw new IllegalArgumentException("unsupported wire type in field " + field);
            }
        }
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private static String hex(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String text(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
