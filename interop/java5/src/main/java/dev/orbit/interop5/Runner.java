package dev.orbit.interop5;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays 5.x (gRPC) client scenarios one after another against one endpoint and prints one line per scenario:
 * {@code RESULT {"scenario":..., "ok":..., "ms":..., "mismatches":[...], "facts":{...}}}.
 *
 * <pre>
 * java -cp ... dev.orbit.interop5.Runner --endpoint 127.0.0.1:8081 --ssl false \
 *     normal,topic=T1,group=G1,tagGroup=G2 delay,topic=T2,group=G3 ...
 * </pre>
 * Topics and groups are created by the caller (message.type attributes, FIFO groups, retry max times).
 */
public final class Runner {
    interface Scenario {
        void run(Ctx ctx) throws Exception;
    }

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("send", Scenarios::send);
        SCENARIOS.put("normal", Scenarios::normal);
        SCENARIOS.put("delay", Scenarios::delay);
        SCENARIOS.put("transaction", Scenarios::transaction);
        SCENARIOS.put("push", Scenarios::push);
        SCENARIOS.put("invisible", Scenarios::invisible);
        SCENARIOS.put("dlq", Scenarios::dlq);
        SCENARIOS.put("fifo", Scenarios::fifo);
    }

    private Runner() {
    }

    public static void main(String[] argv) {
        String endpoint = null;
        boolean ssl = false;
        int i = 0;
        for (; i < argv.length && argv[i].startsWith("--"); i += 2) {
            switch (argv[i]) {
                case "--endpoint": endpoint = argv[i + 1]; break;
                case "--ssl": ssl = Boolean.parseBoolean(argv[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        if (endpoint == null) {
            throw new IllegalArgumentException("--endpoint host:port required");
        }
        boolean allOk = true;
        for (; i < argv.length; i++) {
            String[] parts = argv[i].split(",");
            Map<String, String> args = new LinkedHashMap<>();
            for (int p = 1; p < parts.length; p++) {
                int eq = parts[p].indexOf('=');
                args.put(parts[p].substring(0, eq), parts[p].substring(eq + 1));
            }
            allOk &= play(parts[0], new Ctx(endpoint, ssl, args));
        }
        System.out.flush();
        // The client's non-daemon threads would keep the JVM alive.
        System.exit(allOk ? 0 : 1);
    }

    static boolean play(String name, Ctx ctx) {
        long t0 = System.currentTimeMillis();
        Scenario s = SCENARIOS.get(name);
        try {
            if (s == null) {
                throw new IllegalArgumentException("unknown scenario " + name + " (known: " + SCENARIOS.keySet() + ")");
            }
            s.run(ctx);
        } catch (Throwable e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            String[] lines = sw.toString().split("\n");
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            ctx.mismatches.add("threw " + String.join("\n", List.of(lines).subList(0, Math.min(12, lines.length)))
                + (root != e ? "\nroot cause: " + root : ""));
        } finally {
            ctx.closeAll();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", name);
        out.put("ok", ctx.mismatches.isEmpty());
        out.put("ms", System.currentTimeMillis() - t0);
        out.put("mismatches", ctx.mismatches);
        out.put("facts", ctx.facts);
        System.out.println("RESULT " + Json.write(out));
        System.out.flush();
        return ctx.mismatches.isEmpty();
    }
}
