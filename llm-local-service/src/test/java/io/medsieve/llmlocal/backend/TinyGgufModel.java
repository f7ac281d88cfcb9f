package io.medsieve.llmlocal.backend;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny llama-architecture model in GGUF v3 with random F32 weights, so tests load a real model through the
 * real llama.cpp binding without any weights being downloaded. Its answers are gibberish; the code path is real.
 *
 * <p>The vocabulary is a SentencePiece ("llama") one that llama.cpp's tokenizer accepts: {@code <unk> <s> </s>}, one
 * byte token per ASCII byte ({@code <0x00>}..{@code <0x7F>}, the fallback for any ASCII text), the word-boundary
 * piece {@code ▁} and the lower-case letters. No byte token above 0x7F exists, so whatever the model samples decodes
 * as valid UTF-8; tests therefore feed it ASCII text only.
 */
public final class TinyGgufModel {

    /** Training context the file declares; the backend may use less. */
    public static final int CONTEXT_LENGTH = 8192;

    private static final int ALIGNMENT = 32;
    private static final int N_EMBD = 32;
    private static final int N_HEAD = 4;
    private static final int N_FF = 64;
    private static final int N_LAYER = 1;

    private static final int TYPE_UINT32 = 4;
    private static final int TYPE_INT32 = 5;
    private static final int TYPE_FLOAT32 = 6;
    private static final int TYPE_BOOL = 7;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int GGML_TYPE_F32 = 0;

    private static final int TOKEN_NORMAL = 1;
    private static final int TOKEN_UNKNOWN = 2;
    private static final int TOKEN_CONTROL = 3;
    private static final int TOKEN_BYTE = 6;

    private TinyGgufModel() {
    }

    /** Writes the model to {@code file} (a few hundred kilobytes) with weights drawn from {@code seed}. */
    public static Path write(Path file, long seed) throws IOException {
        return write(file, seed, false);
    }

    /**
     * As {@link #write(Path, long)}; a {@code babbling} model never ends its answer: its final norm keeps only the
     * first hidden dimension and its output layer scores only "a" (+) and "b" (-) on it, so greedy sampling always
     * picks one of the two and never the end-of-text token. Tests use it to know exactly how many tokens a call makes
     * and to make a generation outlast a timeout.
     */
    public static Path write(Path file, long seed, boolean babbling) throws IOException {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_CONTROL));
        for (int b = 0; b < 0x80; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(TOKEN_BYTE);
        }
        tokens.add("\u2581");
        types.add(TOKEN_NORMAL);
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(String.valueOf(c));
            types.add(TOKEN_NORMAL);
        }
        int vocab = tokens.size();
        float[] scores = new float[vocab];
        for (int i = 0; i < vocab; i++) {
            scores[i] = types.get(i) == TOKEN_NORMAL ? -i : 0f;
        }

        Map<String, Object[]> kv = new LinkedHashMap<>();
        kv.put("general.architecture", str("llama"));
        kv.put("general.name", str("medsieve-tiny-random"));
        kv.put("general.alignment", u32(ALIGNMENT));
        kv.put("llama.context_length", u32(CONTEXT_LENGTH));
        kv.put("llama.embedding_length", u32(N_EMBD));
        kv.put("llama.block_count", u32(N_LAYER));
        kv.put("llama.feed_forward_length", u32(N_FF));
        kv.put("llama.attention.head_count", u32(N_HEAD));
        kv.put("llama.attention.head_count_kv", u32(N_HEAD));
        kv.put("llama.attention.layer_norm_rms_epsilon", new Object[] {TYPE_FLOAT32, 1e-5f});
        kv.put("llama.rope.dimension_count", u32(N_EMBD / N_HEAD));
        kv.put("llama.vocab_size", u32(vocab));
        kv.put("tokenizer.ggml.model", str("llama"));
        kv.put("tokenizer.ggml.tokens", new Object[] {TYPE_ARRAY, TYPE_STRING, tokens});
        kv.put("tokenizer.ggml.scores", new Object[] {TYPE_ARRAY, TYPE_FLOAT32, scores});
        kv.put("tokenizer.ggml.token_type", new Object[] {TYPE_ARRAY, TYPE_INT32, types});
        kv.put("tokenizer.ggml.bos_token_id", u32(1));
        kv.put("tokenizer.ggml.eos_token_id", u32(2));
        kv.put("tokenizer.ggml.unknown_token_id", u32(0));
        kv.put("tokenizer.ggml.add_bos_token", new Object[] {TYPE_BOOL, true});

        Map<String, long[]> tensors = new LinkedHashMap<>();
        tensors.put("token_embd.weight", new long[] {N_EMBD, vocab});
        tensors.put("output_norm.weight", new long[] {N_EMBD});
        tensors.put("output.weight", new long[] {N_EMBD, vocab});
        for (int layer = 0; layer < N_LAYER; layer++) {
            String blk = "blk." + layer + ".";
            tensors.put(blk + "attn_norm.weight", new long[] {N_EMBD});
            tensors.put(blk + "attn_q.weight", new long[] {N_EMBD, N_EMBD});
            tensors.put(blk + "attn_k.weight", new long[] {N_EMBD, N_EMBD});
            tensors.put(blk + "attn_v.weight", new long[] {N_EMBD, N_EMBD});
            tensors.put(blk + "attn_output.weight", new long[] {N_EMBD, N_EMBD});
            tensors.put(blk + "ffn_norm.weight", new long[] {N_EMBD});
            tensors.put(blk + "ffn_gate.weight", new long[] {N_EMBD, N_FF});
            tensors.put(blk + "ffn_down.weight", new long[] {N_FF, N_EMBD});
            tensors.put(blk + "ffn_up.weight", new long[] {N_EMBD, N_FF});
        }

        Random random = new Random(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            Writer w = new Writer(out);
            w.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
            w.u32(3);
            w.u64(tensors.size());
            w.u64(kv.size());
            for (Map.Entry<String, Object[]> entry : kv.entrySet()) {
                w.string(entry.getKey());
                w.value(entry.getValue());
            }
            long offset = 0;
            for (Map.Entry<String, long[]> tensor : tensors.entrySet()) {
                w.string(tensor.getKey());
                w.u32(tensor.getValue().length);
                for (long dim : tensor.getValue()) {
                    w.u64(dim);
                }
                w.u32(GGML_TYPE_F32);
                w.u64(offset);
                offset = align(offset + 4 * elements(tensor.getValue()));
            }
            w.pad();
            int tokenA = tokens.indexOf("a");
            int tokenB = tokens.indexOf("b");
            for (Map.Entry<String, long[]> tensor : tensors.entrySet()) {
                String name = tensor.getKey();
                long n = elements(tensor.getValue());
                for (long i = 0; i < n; i++) {
                    float value;
                    if (babbling && name.equals("output_norm.weight")) {
                        value = i == 0 ? 1f : 0f;
                    } else if (babbling && name.equals("output.weight")) {
                        value = i == (long) tokenA * N_EMBD ? 10f : i == (long) tokenB * N_EMBD ? -10f : 0f;
                    } else if (name.endsWith("norm.weight")) {
                        value = 1f;
                    } else {
                        value = (float) (random.nextGaussian() * 0.5);
                    }
                    w.f32(value);
                }
                w.pad();
            }
        }
        return file;
    }

    private static Object[] str(String value) {
        return new Object[] {TYPE_STRING, value};
    }

    private static Object[] u32(int value) {
        return new Object[] {TYPE_UINT32, value};
    }

    private static long elements(long[] dims) {
        long n = 1;
        for (long dim : dims) {
            n *= dim;
        }
        return n;
    }

    private static long align(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Little-endian GGUF primitives, tracking the position for alignment padding. */
    private static final class Writer {

        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private long position;

        Writer(OutputStream out) {
            this.out = out;
        }

        void bytes(byte[] bytes) throws IOException {
            out.write(bytes);
            position += bytes.length;
        }

        void u32(int value) throws IOException {
            scratch.clear();
            scratch.putInt(value);
            bytes(Arrays.copyOf(scratch.array(), 4));
        }

        void u64(long value) throws IOException {
            scratch.clear();
            scratch.putLong(value);
            bytes(Arrays.copyOf(scratch.array(), 8));
        }

        void f32(float value) throws IOException {
            u32(Float.floatToRawIntBits(value));
        }

        void string(String value) throws IOException {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            bytes(utf8);
        }

        void pad() throws IOException {
            while (position % ALIGNMENT != 0) {
                bytes(new byte[] {0});
            }
        }

        @SuppressWarnings("unchecked")
        void value(Object[] typed) throws IOException {
            int type = (Integer) typed[0];
            u32(type);
            switch (type) {
                case TYPE_UINT32, TYPE_INT32 -> u32((Integer) typed[1]);
                case TYPE_FLOAT32 -> f32((Float) typed[1]);
                case TYPE_BOOL -> bytes(new byte[] {(byte) ((Boolean) typed[1] ? 1 : 0)});
                case TYPE_STRING -> string((String) typed[1]);
                case TYPE_ARRAY -> {
                    int elementType = (Integer) typed[1];
                    u32(elementType);
                    if (elementType == TYPE_STRING) {
                        List<String> items = (List<String>) typed[2];
                        u64(items.size());
                        for (String item : items) {
                            string(item);
                        }
                    } else if (elementType == TYPE_FLOAT32) {
                        float[] items = (float[]) typed[2];
                        u64(items.length);
                        for (float item : items) {
                            f32(item);
                        }
                    } else {
                        List<Integer> items = (List<Integer>) typed[2];
                        u64(items.size());
                        for (int item : items) {
                            u32(item);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unsupported GGUF type " + type);
            }
        }
    }
}
