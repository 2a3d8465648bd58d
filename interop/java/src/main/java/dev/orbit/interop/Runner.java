package dev.orbit.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several scenarios in one JVM (a JVM start costs more than most scenarios).
 * Usage: {@code java -Dnamesrv=127.0.0.1:9876 -Drun=ID dev.orbit.interop.Runner [name ...|all]}.
 * Each scenario gets topic {@code IT_<name>_<run>} and group {@code GID_<name>_<run>}. Prints
 * {@code SCENARIO <name> OK <ms>} or {@code SCENARIO <name> FAIL <reason>} per scenario; exits 1 if any failed.
 */
public final class Runner {
    static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        for (Scenario s : new Scenario[] {
            new SyncSendPushConsume(), new AsyncSend(), new OnewaySend(), new TagFilter(), new KeysAndQuery(),
            new BatchSend(), new OrderlyConsume(), new Broadcasting(), new PullConsumer(), new LitePullConsumer(),
            new AutoCreateTopic(), new DelayLevel3(), new RetryToDlq(), new OrderlySuspend(), new Transactions(),
            new ConsumerKilled(), new SqlFilter(), new SqlRefused(), new MsgTrace(),
        }) {
            ALL.put(s.name(), s);
        }
    }

    public static void main(String[] args) {
        String namesrv = Ctx.required("namesrv");
        String run = System.getProperty("run", Long.toString(System.currentTimeMillis(), 36));
        long wait = Long.getLong("waitSeconds", 15);
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("all")) {
                names.addAll(ALL.keySet());
            } else {
                names.add(a);
            }
        }
        if (names.isEmpty()) {
            names.addAll(ALL.keySet());
        }
        boolean allOk = true;
        for (String name : names) {
            Scenario s = ALL.get(name);
            if (s == null) {
                System.out.println("SCENARIO " + name + " FAIL unknown scenario; known: " + ALL.keySet());
                allOk = false;
                continue;
            }
            Ctx ctx = new Ctx(namesrv, "IT_" + name + "_" + run, "GID_" + name + "_" + run, wait);
            allOk &= runOne(s, ctx);
        }
        System.out.println("RUNNER DONE " + (allOk ? "OK" : "FAIL"));
        System.out.flush();
        System.exit(allOk ? 0 : 1);
    }

    static boolean runOne(Scenario s, Ctx ctx) {
        long t0 = System.nanoTime();
        try (ctx) {
            if (s.needsTopic()) {
                ctx.createTopic(4);
            }
            s.run(ctx);
        } catch (Throwable e) {
            String reason = e instanceof Mismatch ? e.getMessage() : e.toString();
            if (!(e instanceof Mismatch)) {
                e.printStackTrace();
            }
            System.out.println("SCENARIO " + s.name() + " FAIL " + reason.replace('\n', ' '));
            System.out.flush();
            return false;
        }
        System.out.println("SCENARIO " + s.name() + " OK " + (System.nanoTime() - t0) / 1_000_000 + "ms");
        System.out.flush();
        return true;
    }
}
